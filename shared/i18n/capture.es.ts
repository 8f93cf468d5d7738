import type { captureEn } from './capture.en';

/** Spanish messages of "Capture this login" and its drafts on the Connectors page. */
export const captureEs: Record<keyof typeof captureEn, string> = {
  'capture.title': 'Capturar este inicio de sesión',
  'capture.intro':
    'Registra cómo funciona la página de inicio de sesión de esta aplicación, en lugar de escribir selectores. No se registra nada de lo que escriba.',
  'capture.app': 'Aplicación',
  'capture.start': 'Capturar este inicio de sesión',
  'capture.cancel': 'Cancelar la captura',
  'capture.noPage': 'Primero abra en una pestaña la página de inicio de sesión de la aplicación.',
  'capture.starting': 'Iniciando la captura en la página…',
  'capture.next.username': 'Haga clic en el campo del usuario.',
  'capture.next.password': 'Haga clic en el campo de la contraseña.',
  'capture.next.extra': 'Haga clic en el campo adicional (un código de escuela, por ejemplo), si la página tiene uno.',
  'capture.next.submit': 'Haga clic en el botón que inicia la sesión (o que pasa a la página siguiente).',
  'capture.skip.username': 'Aquí no hay campo de usuario',
  'capture.skip.password': 'La contraseña está en la página siguiente',
  'capture.skip.extra': 'No hay otro campo',
  'capture.pickAgain': 'Ese elemento no se puede nombrar de forma fiable. Haga clic en el propio campo, o en otro.',
  'capture.step': 'Paso {step} de {steps}',
  'capture.escape': 'Pulse Escape para cancelar.',
  'capture.continue': 'Ahora escriba el usuario y pulse el botón que eligió. La captura sigue en la página siguiente.',
  'capture.signIn': 'Ahora inicie sesión una vez, como lo haría normalmente. No se registra nada de lo que escriba.',
  'capture.sending': 'Enviando el borrador al portal…',
  'capture.sent': 'Capturado. Revise el borrador de {app} en la página Conectores del portal.',
  'capture.cancelled': 'Captura cancelada. No se registró nada.',
  'capture.failed': 'La captura se detuvo: {reason}',
  'capture.failedPage': 'no se pudo leer la página.',

  'captureDrafts.title': 'Borradores capturados',
  'captureDrafts.intro':
    'Inicios de sesión que TI capturó con la extensión. Abra uno para revisarlo en el formulario del conector y guárdelo como conector de la aplicación, o descártelo.',
  'captureDrafts.none': 'No hay borradores capturados.',
  'captureDrafts.capturedBy': 'Capturado por {name}, {time}',
  'captureDrafts.review': 'Revisar',
  'captureDrafts.discard': 'Descartar',
  'captureDrafts.discarded': 'Se descartó el borrador de {app}.',
  'captureDrafts.reviewTitle': 'Borrador capturado de {app}',
  'captureDrafts.reviewHint':
    'Esto es lo que registró la captura. Revíselo, edítelo si hace falta y guárdelo como conector de la aplicación.',
  'captureDrafts.saveAsConnector': 'Guardar como conector de la aplicación',

  'error.draft_gone': 'Ese borrador ya se guardó o se descartó.',
};
