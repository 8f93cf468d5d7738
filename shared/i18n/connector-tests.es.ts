import type { connectorTestsEn } from './connector-tests.en';

export const connectorTestsEs: Record<keyof typeof connectorTestsEn, string> = {
  'connectorTest.title': 'Probar este conector',
  'connectorTest.intro':
    'Inicie sesión una vez con una cuenta de prueba, con el conector tal como está en el editor (guardado o no). La extensión de este navegador abre la aplicación en una pestaña nueva. No se tocan los inicios de sesión guardados de los estudiantes ni el Estado de las aplicaciones.',
  'connectorTest.username': 'Usuario de la cuenta de prueba',
  'connectorTest.password': 'Contraseña de la cuenta de prueba',
  'connectorTest.extra': '{label} (si la aplicación lo pide)',
  'connectorTest.extraDefault': 'Campo adicional',
  'connectorTest.start': 'Probar',
  'connectorTest.starting': 'Iniciando la prueba…',
  'connectorTest.notJson': 'El conector del editor no es JSON válido, así que no se puede probar.',
  'connectorTest.noExtension':
    'Este navegador no tiene la extensión de Gatehouse con su sesión, así que no puede hacer la prueba. Pruebe desde un Chromebook o navegador administrado por el distrito.',

  'connectorTest.state.waiting': 'Esperando a que la extensión abra la aplicación…',
  'connectorTest.state.running': 'La extensión está iniciando sesión con la cuenta de prueba…',
  'connectorTest.state.expired':
    'Ninguna extensión recogió la prueba en cinco minutos, así que se canceló. Iníciela de nuevo.',

  'connectorTest.outcome.succeeded': 'Sesión iniciada: la cuenta de prueba entró.',
  'connectorTest.outcome.failed': 'No inició sesión: {reason}.',
  'connectorTest.outcome.submitted':
    'Se envió el inicio de sesión, pero no apareció ni la señal de éxito ni la de error. Añada una señal de éxito al conector para que la extensión lo sepa.',
  'connectorTest.outcome.filled': 'Se llenó el formulario pero no se envió (el conector no lo envía).',
  'connectorTest.outcome.none':
    'La extensión no informó nada. Compruebe que la aplicación se abrió en una pestaña nueva.',
  'connectorTest.alreadySignedIn':
    'El navegador ya tenía la sesión iniciada en la aplicación, así que no hizo falta el formulario. Cierre la sesión de la aplicación en este navegador para probar el formulario.',

  'connectorTest.blame.credential':
    'Esto apunta a la cuenta de prueba: el sitio dijo que el usuario o la contraseña no son correctos. El conector funcionó.',
  'connectorTest.blame.connector':
    'Esto apunta al conector: revise sus campos, su botón de envío y sus señales frente a la página.',
  'connectorTest.blame.page': 'Esto apunta a la página o a la red: fue lenta o cambió mientras trabajaba la extensión.',

  'connectorTest.seen.title': 'Lo que vio la extensión',
  'connectorTest.seen.step': 'Página de inicio de sesión {number} de los pasos del conector.',
  'connectorTest.seen.field.username': 'Campo de usuario',
  'connectorTest.seen.field.password': 'Campo de contraseña',
  'connectorTest.seen.field.extra': 'Campo adicional',
  'connectorTest.seen.matched': '{field}: encontrado y llenado.',
  'connectorTest.seen.hidden': '{field}: encontrado, pero oculto en la página.',
  'connectorTest.seen.missing': '{field}: no se encontró en la página.',
  'connectorTest.seen.submit.button': 'Enviado pulsando el botón de envío del conector.',
  'connectorTest.seen.submit.default_button':
    'Enviado pulsando el botón predeterminado del formulario (lo que hace Intro).',
  'connectorTest.seen.submit.form': 'Enviado enviando el formulario.',
  'connectorTest.seen.submit.post': 'Enviado directamente como POST.',
  'connectorTest.seen.submit.none': 'No se envió.',
  'connectorTest.seen.signal.success': 'Apareció la señal de éxito del conector.',
  'connectorTest.seen.signal.failure': 'Apareció la señal de error del conector.',
  'connectorTest.seen.signal.none': 'No apareció ni la señal de éxito ni la de error.',
  'connectorTest.seen.unknown': 'La extensión no dijo lo que vio (una extensión más antigua).',

  'error.test_app_not_found': 'No se encontró esa aplicación.',
  'error.test_no_connector': 'Esta aplicación no tiene un conector guardado; pruebe el del editor.',
  'error.test_run_not_found': 'No se encontró esa prueba de conector para usted.',
  'error.test_run_app_mismatch': 'Esa prueba de conector era para otra aplicación.',
  'error.test_run_expired': 'Esa prueba de conector ha caducado; iníciela de nuevo.',
  'error.test_run_used': 'Esa prueba de conector ya se hizo; iníciela de nuevo.',
  'error.test_run_not_released': 'Esa prueba de conector aún no ha empezado, así que no hay resultado que informar.',
  'error.test_run_finished': 'Esa prueba de conector ya tiene su resultado.',
  'error.test_not_allowed': 'Solo el equipo de TI puede probar conectores.',
};
