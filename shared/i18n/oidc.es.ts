import type { oidcEn } from './oidc.en';

export const oidcEs: Record<keyof typeof oidcEn, string> = {
  'oidc.problem.redirect':
    'pidió devolverte a una dirección que tu distrito no ha registrado para ella. Avisa al equipo de informática de tu escuela.',
  'oidc.problem.expired':
    'este inicio de sesión empezó hace demasiado tiempo o ya terminó. Vuelve a empezar desde la aplicación.',
  'oidc.problem.request':
    'su solicitud estaba incompleta o pedía algo que no puede tener. Avisa al equipo de informática de tu escuela.',
  'oidc.logout.title': '¿Cerrar sesión en {app}?',
  'oidc.logout.shared':
    'En una computadora compartida, cierra también la sesión del portal, para que la próxima persona no use tu cuenta.',
  'oidc.logout.everywhere': 'Cerrar sesión en {app} y en el portal',
  'oidc.logout.appOnly': 'Cerrar sesión solo en {app}',
  'oidc.signedOut.title': 'Cerraste la sesión',
  'oidc.signedOut.body': 'Cerraste la sesión en {app}.',
  'oidc.signedOut.back': 'Ir al portal',
};
