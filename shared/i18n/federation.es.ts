import type { federationEn } from './federation.en';

/** Las páginas propias del proveedor de identidad: un inicio de sesión federado rechazado. */
export const federationEs: Record<keyof typeof federationEn, string> = {
  'sso.refused.title': 'No puedes iniciar sesión en {app} desde aquí',
  'sso.refused.thisApp': 'esta aplicación',
  'sso.refused.not_entitled': 'Tu distrito no te ha dado acceso a {app}.',
  'sso.refused.unknown_app': 'Esta aplicación no está configurada para iniciar sesión con el portal de tu distrito.',
  'sso.refused.no_identifier':
    '{app} necesita un dato tuyo que tu distrito no tiene registrado (como un correo electrónico).',
  'sso.refused.bad_request': '{app} envió una solicitud de inicio de sesión que no se pudo usar: {problem}',
  'sso.refused.signed_in_elsewhere': 'Otra persona empezó este inicio de sesión. Vuelve a empezar desde {app}.',
  'sso.refused.help':
    'Si crees que deberías tener esta aplicación, díselo a tu maestro o al equipo de informática de tu escuela.',
  'sso.signOut.title': 'Cerraste la sesión de tu aplicación',
  'sso.signOut.shared':
    'Sigues con la sesión iniciada en el portal. Si otras personas usan esta computadora, cierra también la sesión del portal.',
  'sso.signOut.portal': 'Cerrar la sesión del portal',
  'sso.signOut.done': 'Cerraste la sesión del portal',
  'sso.refused.back': 'Volver a tus aplicaciones',
};
