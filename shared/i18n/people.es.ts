import type { peopleEn } from './people.en';

export const peopleEs: Record<keyof typeof peopleEn, string> = {
  'people.why.disabled': 'La cuenta de {name} está desactivada: el SIS ya no la incluye, o IT la desactivó.',
  'people.why.throttled':
    '{name} hizo demasiados intentos fallidos, así que los inicios de sesión están retenidos hasta {untilAt}.',
  'people.why.badge_expired': 'La credencial de {name} dejó de funcionar el {expiredAt}.',
  'people.why.badge_voided_voided': 'La credencial de {name} se anuló el {voidedAt}.',
  'people.why.badge_voided_class':
    'La credencial de {name} se anuló el {voidedAt}, junto con las del resto de la clase.',
  'people.why.badge_voided_year_end': 'La credencial de {name} se anuló al final del año escolar, el {voidedAt}.',
  'people.why.badge_voided_deactivated':
    'La credencial de {name} se anuló el {voidedAt}, cuando se desactivó la cuenta.',
  'people.why.badge_never_printed': '{name} todavía no tiene credencial: nunca se imprimió una.',
  'people.why.unclaimed_code_live':
    '{name} todavía no ha activado su cuenta. El código de activación funciona hasta {expiresAt}.',
  'people.why.unclaimed_code_expired':
    '{name} no ha activado su cuenta, y el código de activación venció el {expiredAt}.',
  'people.why.unclaimed_no_code': '{name} no ha activado su cuenta y no tiene código de activación.',
  'people.why.app_no_rules': '{app} no tiene ninguna regla de acceso, así que nadie la ve.',
  'people.why.app_not_given': '{app} no está asignada a {name}: {condition}.',
  'people.why.vault_missing':
    '{app}: no hay un inicio de sesión guardado para {name}, así que no se puede completar por esa persona.',
  'people.why.vault_held':
    '{app}: {app} rechazó el inicio de sesión guardado el {heldAt}, así que está retenido hasta que alguien lo revise.',
  'people.why.temporary_unused':
    '{name} recibió una contraseña temporal el {resetAt} y todavía no la ha usado. Funciona hasta {expiresAt}.',
  'people.why.wrong_passwords': '{name} escribió una contraseña incorrecta {count} veces seguidas.',
  'people.why.second_factor_missing':
    '{name} todavía no ha configurado una aplicación de autenticación; el portal la pedirá en el próximo inicio de sesión.',
  'people.why.nothing_found': 'No parece haber ningún problema con la cuenta de {name}.',
  'people.why.nothing_found_app': 'No parece haber ningún problema con la cuenta de {name} ni con {app}.',
  'people.why.fix.ask_office':
    'Pida a la oficina de la escuela que revise la inscripción de {name} en el SIS, o pregunte a IT.',
  'people.why.fix.release_throttle': 'Libere la retención para que {name} pueda intentarlo de nuevo ahora.',
  'people.why.fix.wait_or_ask': 'Espere hasta {untilAt}, o pida a su director o a IT que libere la retención.',
  'people.why.fix.print_badge': 'Imprima una credencial nueva para {name}: reemplaza a cualquier credencial anterior.',
  'people.why.fix.ask_badge':
    'Pida a alguien que imprima credenciales para la escuela de {name} que imprima una nueva.',
  'people.why.fix.print_claim_letter':
    'Imprima una carta de activación nueva para {name}: su código nuevo reemplaza al anterior.',
  'people.why.fix.ask_claim_letter':
    'Pida a alguien que imprima cartas de activación para la escuela de {name} que imprima una nueva.',
  'people.why.fix.help_claim':
    'Ayude a {name} a activar la cuenta con la carta de activación en la página de inicio de sesión del portal. Si perdió la carta, imprima una nueva.',
  'people.why.fix.help_claim_or_ask':
    'Ayude a {name} a activar la cuenta con la carta de activación en la página de inicio de sesión del portal. Si perdió la carta, pida una nueva a la oficina de la escuela.',
  'people.why.fix.ask_it_app': 'Pregunte a IT por {app}.',
  'people.why.fix.ask_it_rule':
    'Pida a IT que cambie la regla de acceso “{rule}” de {app}, o que se la asigne a {name} por nombre.',
  'people.why.fix.ask_it_store': 'Pida a IT que guarde el inicio de sesión de {name} para {app}.',
  'people.why.fix.confirm_credential':
    'Si el inicio de sesión de {name} para {app} ya se corrigió en la aplicación, confírmelo para que se vuelva a usar. Si no, pida a IT que lo actualice.',
  'people.why.fix.ask_it_update':
    'Pida a IT que actualice el inicio de sesión guardado de {name} para {app}: ya aparece en su página Estado de las aplicaciones.',
  'people.why.fix.give_temporary':
    'Dele a {name} la contraseña temporal: elegirá la suya al usarla. Si la perdió, restablezca la contraseña otra vez.',
  'people.why.fix.give_temporary_or_ask':
    'Dele a {name} la contraseña temporal: elegirá la suya al usarla. Si la perdió, pida otro restablecimiento.',
  'people.why.fix.reset_password': 'Restablezca la contraseña de {name} y dele la nueva.',
  'people.why.fix.ask_reset':
    'Pida a alguien que restablezca contraseñas para la escuela de {name} que la restablezca.',
  'people.why.fix.enrol_second_factor':
    'Pida a {name} que inicie sesión con su teléfono a mano para configurar la aplicación de autenticación.',
  'people.why.fix.watch_and_retry':
    'Observe a {name} mientras inicia sesión: revise el nombre de usuario, las mayúsculas y la red. Si sigue fallando, pregunte a IT.',
};
