import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, signIn } from '../helpers/test-portal';

describe('dashboard tiles follow the access rules', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeAll(async () => {
    portal = await createTestPortal();
  });
  const tilesOf = async (username: string) => {
    const response = await portal.request.get('/api/apps/tiles', await signIn(portal, username));
    expect(response.status).toBe(200);
    return ((await response.json()) as { tiles: { name: string }[] }).tiles.map((tile) => tile.name);
  };

  it('a teacher with a class schedule and an email gets Clever; one without a schedule does not', async () => {
    expect(await tilesOf('demo.teacher')).toContain('Clever');
    const noSchedule = await tilesOf('demo.teacher.noschedule');
    expect(noSchedule).not.toContain('Clever');
    expect(noSchedule).toContain('Google Workspace');
  });

  it('students see the apps for their grade and campus', async () => {
    const kindergarten = await tilesOf('demo.student.k');
    expect(kindergarten).toEqual(expect.arrayContaining(['Clever', 'Lexia Core5 Reading', 'IXL']));
    expect(kindergarten).not.toContain('Canvas');
    expect(kindergarten).not.toContain('Google Workspace');
    const eleventh = await tilesOf('demo.student.g11');
    expect(eleventh).toEqual(expect.arrayContaining(['Canvas', 'Naviance', 'Google Workspace', 'Khan Academy']));
    expect(eleventh).not.toContain('Clever');
    expect(eleventh).not.toContain('Frontline Absence Management');
  });

  it('a special-education flag from the SIS adds the reading app for a secondary student', async () => {
    expect(await tilesOf('demo.student.g8')).toContain('Lexia Core5 Reading');
  });

  it('someone not signed in gets no tiles', async () => {
    const response = await portal.request.get('/api/apps/tiles');
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('not_signed_in');
  });
});
