import type { samlEn } from './saml.en';

/** Las páginas del proveedor de identidad SAML: el formulario que lleva el inicio de sesión a una aplicación. */
export const samlEs: Record<keyof typeof samlEn, string> = {
  'saml.post.title': 'Iniciando tu sesión en {app}',
  'saml.post.wait': 'Te llevamos a {app}…',
  'saml.post.continue': 'Continuar a {app}',
  'saml.problem.unreadable': 'no se pudo leer la solicitud.',
  'saml.problem.unknown_sp': 'la aplicación no está registrada en tu distrito.',
  'saml.problem.unsigned': 'la aplicación debe firmar sus solicitudes, y esta no venía firmada.',
  'saml.problem.bad_signature': 'la firma de la solicitud no coincide con el certificado registrado de la aplicación.',
  'saml.problem.acs_not_registered': 'pidió la respuesta en una dirección que el registro de la aplicación no incluye.',
  'saml.problem.no_acs':
    'el registro de la aplicación no indica ninguna dirección a la que enviar el inicio de sesión.',
  'saml.problem.sign_in_first':
    'la aplicación firma sus solicitudes: inicia sesión primero en el portal y luego vuelve a abrir la aplicación.',
};
