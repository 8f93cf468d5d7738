import type { appsEn } from './apps.en';

export const appsEs: Record<keyof typeof appsEn, string> = {
  'condition.person.met': '{subject} es una de las personas que nombra esta regla',
  'condition.person.failed': '{subject} no es una de las {count} personas que nombra esta regla',
  'condition.notPerson.met': '{subject} no es una de las personas que esta regla excluye',
  'condition.notPerson.failed': '{subject} es una de las personas que esta regla excluye',
  'condition.class.met': '{subject} está en {classes}',
  'condition.class.failed': '{subject} no está en {allowed}',
  'condition.notClass.met': '{subject} no está en {allowed}',
  'condition.notClass.failed': '{subject} está en {classes}, y esta regla excluye esa clase',

  'error.stale_version':
    'Alguien guardó esta aplicación después de que la abriera. Vuelva a cargarla para ver su cambio y edítela otra vez.',
  'error.slug_taken': 'Otra aplicación ya tiene este nombre corto (slug). Elija otro.',
  'error.looks_alike':
    'Otra aplicación tiene el mismo icono y color, así que sus mosaicos se verían iguales. Cambie uno.',
  'error.launch_url_insecure': 'La dirección de inicio debe empezar por https://.',
  'error.launch_url_invalid': 'La dirección de inicio no es una dirección web.',
  'error.unknown_campus': 'Un campus de una regla no es uno de los campus del distrito.',
  'error.unknown_person': 'Una persona de una regla no está en el directorio.',
  'error.unknown_class': 'Una clase de una regla no es una de las clases activas del distrito.',
  'error.duplicate_rule': 'Dos reglas de esta aplicación tienen el mismo identificador.',
  'error.app_invalid': 'Algo en la aplicación no está bien: {detail}',
  'error.icon_too_large': 'El icono es demasiado grande: puede tener como máximo 64 kB.',
  'error.icon_type': 'El icono debe ser una imagen PNG, JPEG o WebP (no se acepta SVG).',
  'error.icon_empty': 'El archivo del icono está vacío.',
  'error.catalog_file_invalid':
    'No se importó nada: el archivo tiene problemas. Cada uno aparece con su aplicación y su campo.',
} as const;
