/** Two short rising notes made on the spot (no sound file to fetch); silent where the browser allows no audio. */
export function playHappySound() {
  try {
    const audio = new AudioContext();
    const notes = [660, 880];
    notes.forEach((frequency, index) => {
      const start = audio.currentTime + index * 0.15;
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.2, start);
      volume.gain.exponentialRampToValueAtTime(0.001, start + 0.14);
      tone.connect(volume).connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.15);
    });
    setTimeout(() => void audio.close().catch(() => undefined), 800);
  } catch {
    // A sound is a bonus: the animation and the words say the same.
  }
}
