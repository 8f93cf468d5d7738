import type { fillsEn } from './fills.en';

export const fillsEs: Record<keyof typeof fillsEn, string> = {
  'connectorForm.failureText': 'Palabras del error (opcional)',
  'connectorForm.failureTextHint':
    'Solo si el elemento (o la página) también muestra estas palabras se culpa a la contraseña guardada y se deja en espera, p. ej. «Inicio de sesión no válido».',
  'health.blameIntro':
    'Solo un fallo que apunta a la contraseña guardada la deja en espera. Un fallo que apunta al conector o al sitio deja la contraseña en uso: revise el conector.',
  'health.failedBy': 'A qué apuntan los fallos',
  'health.failedByCounts': 'contraseña {credential}, conector {connector}, sitio {page}',
  'health.blame.credential': 'apunta a la contraseña guardada',
  'health.blame.connector': 'apunta al conector (la contraseña sigue en uso)',
  'health.blame.page': 'apunta al sitio o a la red (la contraseña sigue en uso)',
};
