import type { Language } from './schema';

/**
 * Every sentence the core says that is not a profile fact, as functions of their
 * inputs, in both languages. Dialogs and renderers take their strings from here.
 */
export const TEXTS = {
  when: (year: number) => ({
    en: `At the time of the ${year} survey`,
    es: `En el momento de la encuesta de ${year}`,
  }),
  source: { en: 'Source', es: 'Fuente' },
  section: { en: 'section', es: 'sección' },
  sections: { en: 'sections', es: 'secciones' },
  profilePage: { en: 'Public profile', es: 'Perfil público' },
  openProfile: { en: 'Open the public profile', es: 'Abrir el perfil público' },
  didYouMean: { en: 'Did you mean', es: '¿Quisiste decir' },
  didYouMeanHeading: { en: 'Did you mean…?', es: '¿Quisiste decir…?' },
  orElse: { en: 'or', es: 'o' },
  areaStatus: (
    status: 'sufficient' | 'insufficient',
    area: string,
    city: string,
    year: number,
  ) => ({
    en: `At the time of the ${year} survey, ${city} had ${status} data on ${area.charAt(0).toLowerCase()}${area.slice(1)}.`,
    es: `En el momento de la encuesta de ${year}, ${city} tenía datos ${status === 'sufficient' ? 'suficientes' : 'insuficientes'} sobre ${area.toLowerCase()}.`,
  }),
  areaUnknown: (area: string, city: string) => ({
    en: `The ${city} profile says nothing about data on ${area}.`,
    es: `El perfil de ${city} no dice nada sobre los datos de ${area.toLowerCase()}.`,
  }),
  areaCounts: (sufficient: number, insufficient: number) => ({
    en: `In all, ${sufficient} policy areas had sufficient data and ${insufficient} had insufficient data.`,
    es: `En total, ${sufficient} áreas de política tenían datos suficientes y ${insufficient} tenían datos insuficientes.`,
  }),
  noFacts: (topic: string, city: string) => ({
    en: `The ${city} profile has nothing on “${topic}”.`,
    es: `El perfil de ${city} no tiene información sobre “${topic}”.`,
  }),
  yearNote: (asked: number, year: number) => ({
    en: `The profile holds figures from the ${year} survey, not ${asked}.`,
    es: `El perfil tiene cifras de la encuesta de ${year}, no de ${asked}.`,
  }),
  unknownCityTitle: { en: 'No profile for that city', es: 'No hay perfil de esa ciudad' },
  unknownCity: (place: string, known: string) => ({
    en: `I don't have an innovation profile for ${place}, so I can't answer that for it. ${known}`,
    es: `No tengo un perfil de innovación de ${place}, así que no puedo responder eso. ${known}`,
  }),
  alsoUnknownCity: (place: string) => ({
    en: `(I have no profile for ${place}.)`,
    es: `(No tengo perfil de ${place}.)`,
  }),
  fallbackTitle: { en: "I can't answer that", es: 'No puedo responder eso' },
  fallback: (city: string) => ({
    en: `Sorry, I can't answer that. I answer questions about ${city}'s innovation profile from the OECD / Bloomberg Philanthropies Innovation Capacity Survey: its mayor, population, who leads innovation, how it is funded, its staff, and which policy areas have data.`,
    es: `Lo siento, no puedo responder eso. Respondo preguntas sobre el perfil de innovación de ${city} de la Encuesta de Capacidad de Innovación de la OCDE y Bloomberg Philanthropies: quién gobernaba la ciudad, población, quién dirige la innovación, cómo se financia, su personal y qué áreas de política tienen datos.`,
  }),
  emptyTitle: { en: 'Ask me a question', es: 'Hazme una pregunta' },
  empty: {
    en: 'I did not get a question. Type a question about the city profile, for example one of these.',
    es: 'No recibí ninguna pregunta. Escribe una pregunta sobre el perfil de la ciudad, por ejemplo una de estas.',
  },
  tooLongTitle: { en: 'That message is too long', es: 'Ese mensaje es demasiado largo' },
  tooLong: (max: number) => ({
    en: `That message is too long for me (I read questions of up to ${max} characters). Please ask one short question.`,
    es: `Ese mensaje es demasiado largo para mí (leo preguntas de hasta ${max} caracteres). Haz una pregunta breve, por favor.`,
  }),
  styleText: {
    en: 'OK: plain-text answers from now on. Type "cards" to get cards again.',
    es: 'De acuerdo: a partir de ahora, respuestas en texto. Escribe "tarjetas" para volver a las tarjetas.',
  },
  styleCards: {
    en: 'OK: answers as cards from now on. Type "text only" for plain text.',
    es: 'De acuerdo: a partir de ahora, respuestas en tarjetas. Escribe "solo texto" para texto simple.',
  },
  languageSet: { en: 'OK, I will answer in English.', es: 'De acuerdo, responderé en español.' },
  nothingMore: {
    en: 'Ask me a question first, and I can tell you more about it.',
    es: 'Hazme primero una pregunta y luego te cuento más.',
  },
  welcomeTitle: { en: 'City innovation profiles', es: 'Perfiles de innovación de ciudades' },
  welcome: (cities: string) => ({
    en: `Hello! I answer questions about city innovation profiles from the OECD / Bloomberg Philanthropies Innovation Capacity Survey. ${cities} Ask in English or Spanish; type "help" at any time.`,
    es: `¡Hola! Respondo preguntas sobre perfiles de innovación de ciudades de la Encuesta de Capacidad de Innovación de la OCDE y Bloomberg Philanthropies. ${cities} Pregunta en español o en inglés; escribe "ayuda" cuando quieras.`,
  }),
  unitWords: {
    people: { en: 'staff', es: 'personas' },
    inhabitants: { en: 'inhabitants', es: 'habitantes' },
    roles: { en: 'roles', es: 'perfiles o funciones' },
    areas: { en: 'policy areas', es: 'áreas de política' },
    cities: { en: 'cities', es: 'ciudades' },
    count: { en: '', es: '' },
  } as Partial<Record<string, { en: string; es: string }>>,
  areasWith: (status: 'sufficient' | 'insufficient', n: number, list: string, year: number) => ({
    en: `${n} policy areas had ${status} data at the time of the ${year} survey: ${list}.`,
    es: `${n} áreas de política tenían datos ${status === 'sufficient' ? 'suficientes' : 'insuficientes'} en el momento de la encuesta de ${year}: ${list}.`,
  }),
  moreThan: (n: string) => ({ en: `more than ${n}`, es: `más de ${n}` }),
  around: (n: string) => ({ en: `around ${n}`, es: `unas ${n}` }),
  range: (from: string, to: string) => ({ en: `${from} to ${to}`, es: `de ${from} a ${to}` }),
  notExact: (figure: string) => ({
    en: `The profile gives ${figure}, not an exact figure, so it doesn't say.`,
    es: `El perfil da ${figure}, no una cifra exacta, así que no lo dice.`,
  }),
  partialList: (shown: number, total: number, list: string) => ({
    en: `The profile doesn't say: the copy I hold names only ${shown} of the ${total}: ${list}.`,
    es: `El perfil no lo dice: la copia que tengo nombra solo ${shown} de los ${total}: ${list}.`,
  }),
  noCount: {
    en: 'The profile gives no number for that.',
    es: 'El perfil no da un número para eso.',
  },
  notChosen: (other: string, mine: string, year: number) => ({
    en: `At the time of the ${year} survey, the city's innovation funding did not go to: ${other}. It went to: ${mine}.`,
    es: `En el momento de la encuesta de ${year}, el financiamiento de la innovación de la ciudad no se destinaba a: ${other}. Se destinaba a: ${mine}.`,
  }),
  /** "which roles does Umeå not have?": the survey's options the city's list leaves out. */
  notListed: (city: string, other: string, mine: string, year: number) => ({
    en: `At the time of the ${year} survey, of the survey's options, ${city} did not list: ${other}. It listed: ${mine}.`,
    es: `En el momento de la encuesta de ${year}, de las opciones de la encuesta, ${city} no señaló: ${other}. Señaló: ${mine}.`,
  }),
  gapTitle: { en: 'Not in the profile', es: 'No está en el perfil' },
  gap: (city: string, nearest: string) => ({
    en: `The profile doesn't say: the ${city} profile has no figure or fact for that. The nearest thing it covers is “${nearest}”.`,
    es: `El perfil no lo dice: el perfil de ${city} no tiene ninguna cifra ni dato sobre eso. Lo más cercano que cubre es “${nearest}”.`,
  }),
  gapAmount: (city: string) => ({
    en: `The profile doesn't say: it gives no amounts of money for ${city} (no budgets, costs or salaries), and I won't estimate one.`,
    es: `El perfil no lo dice: no da ningún monto de dinero para ${city} (ni presupuestos, ni costos, ni salarios), y no voy a estimar uno.`,
  }),
  gapContact: (city: string) => ({
    en: `The profile doesn't say: it holds no addresses, phone numbers or opening hours for ${city}. For contacts, please use the city government's official channels.`,
    es: `El perfil no lo dice: no tiene direcciones, teléfonos ni horarios de ${city}. Para contactos, usa los canales oficiales del gobierno de la ciudad.`,
  }),
  gapService: (city: string) => ({
    en: `The profile doesn't say how to use city services: it describes how ${city} organises innovation. For services, please use the city government's official channels.`,
    es: `El perfil no dice cómo usar los servicios de la ciudad: describe cómo ${city} organiza la innovación. Para trámites y servicios, usa los canales oficiales del gobierno de la ciudad.`,
  }),
  gapAmountNearest: (question: string) => ({
    en: `It does say how innovation was funded there: ask “${question}”.`,
    es: `Sí dice cómo se financiaba allí la innovación: pregunta “${question}”.`,
  }),
  laterNote: (date: string) => ({
    en: `Since then (not from the survey: a later note dated ${date}):`,
    es: `Desde entonces (no proviene de la encuesta: nota posterior con fecha ${date}):`,
  }),
  laterSection: { en: 'later note, not from the survey', es: 'nota posterior, no de la encuesta' },
  laterLimit: {
    en: 'The note says no more than that; I cannot tell who holds the office today.',
    es: 'La nota no dice más; no puedo saber quién ocupa el cargo hoy.',
  },
  noLaterNote: (year: number) => ({
    en: `That is the ${year} survey's information; the profile doesn't say whether it has changed since then, and I hold no later note on it.`,
    es: `Es la información de la encuesta de ${year}; el perfil no dice si ha cambiado desde entonces, y no tengo ninguna nota posterior al respecto.`,
  }),
  citiesList: (names: string) => ({
    en: `I have innovation profiles for: ${names}. Ask about any of them by name.`,
    es: `Tengo perfiles de innovación de: ${names}. Pregunta por cualquiera de ellas por su nombre.`,
  }),
  profileDates: (city: string, year: number) => ({
    en: `The ${city} profile's facts date from the ${year} survey.`,
    es: `Los datos del perfil de ${city} son de la encuesta de ${year}.`,
  }),
  /** Fallback wordings, varied so a second miss does not read word for word as the first. */
  fallbacks: (city: string) => [
    {
      en: `Sorry, I can't answer that. I answer questions about ${city}'s innovation profile from the OECD / Bloomberg Philanthropies Innovation Capacity Survey: its mayor, population, who leads innovation, how it is funded, its staff, and which policy areas have data.`,
      es: `Lo siento, no puedo responder eso. Respondo preguntas sobre el perfil de innovación de ${city} de la Encuesta de Capacidad de Innovación de la OCDE y Bloomberg Philanthropies: quién gobernaba la ciudad, población, quién dirige la innovación, cómo se financia, su personal y qué áreas de política tienen datos.`,
    },
    {
      en: `I didn't catch that one, sorry. Try asking it another way, for example about how ${city} funds innovation or who leads it.`,
      es: `No entendí esa pregunta, perdón. Prueba a preguntarla de otra forma, por ejemplo sobre cómo financia ${city} la innovación o quién la dirige.`,
    },
  ],
  menuTitle: { en: 'What you can ask me', es: 'Lo que puedes preguntarme' },
  menu: (topics: string) => ({
    en: `I still can't answer that. You can ask me about: ${topics}. Pick one below, or type its number.`,
    es: `Sigo sin poder responder eso. Puedes preguntarme sobre: ${topics}. Elige una opción abajo o escribe su número.`,
  }),
  denied: {
    en: 'OK, not that. What would you like to know? You could try one of these, or rephrase your question.',
    es: 'De acuerdo, eso no. ¿Qué te gustaría saber? Puedes probar una de estas opciones o reformular tu pregunta.',
  },
  acknowledged: {
    en: 'OK. Ask me anything else about the profile whenever you like.',
    es: 'Vale. Pregúntame lo que quieras sobre el perfil cuando gustes.',
  },
  simpler: { en: 'Put simply:', es: 'Dicho de forma sencilla:' },
  /** A second "I don't understand": the answer in its fewest words. */
  simplest: { en: 'In short:', es: 'En pocas palabras:' },
  /** "More details" when every fact on the topic was already sent. */
  allSaid: (topic: string) => ({
    en: `That is everything the profile says about “${topic}”; here it is in full.`,
    es: `Eso es todo lo que dice el perfil sobre “${topic}”; aquí está completo.`,
  }),
  sourceIntro: { en: 'That comes from:', es: 'Eso proviene de:' },
  noSource: {
    en: 'That was my own message, not a fact from a profile, so it has no source.',
    es: 'Ese fue un mensaje mío, no un dato de un perfil, así que no tiene fuente.',
  },
  noReason: (topic: string) => ({
    en: `The profile doesn't say why, for “${topic}”: it states what the city reported, not its reasons.`,
    es: `El perfil no dice por qué, sobre “${topic}”: indica lo que la ciudad informó, no sus razones.`,
  }),
  /** "the first one" when the last answer held no list. */
  noList: {
    en: 'My last answer had no list to pick from. Ask me for one (the roles, the policy areas, the terms) and then pick an item.',
    es: 'Mi última respuesta no tenía una lista de la cual elegir. Pídeme una (los perfiles, las áreas de política, los términos) y luego elige un elemento.',
  },
  ordinalMissing: (n: number, count: number) => ({
    en: `The last list had ${count} items, so there is no item ${n > 0 ? n : `${-n} from the end`}.`,
    es: `La última lista tenía ${count} elementos, así que no hay un elemento ${n > 0 ? n : `${-n} desde el final`}.`,
  }),
  ordinalItem: (item: string, n: number, count: number, list: string) => ({
    en: `${item}: item ${n} of the ${count} in “${list}”.`,
    es: `${item}: elemento ${n} de los ${count} de “${list}”.`,
  }),
  /** "and in 2018?" of a profile from another round. */
  otherRound: (asked: number, year: number, city: string) => ({
    en: `The profile holds ${city}'s answers to the ${year} survey only, so I have nothing for ${asked}. Here is what the ${year} survey says.`,
    es: `El perfil solo tiene las respuestas de ${city} a la encuesta de ${year}, así que no tengo nada de ${asked}. Esto es lo que dice la encuesta de ${year}.`,
  }),
  ordinalAbout: { en: 'What the profile says about it:', es: 'Lo que dice el perfil al respecto:' },
  error: {
    en: 'Sorry, something went wrong on my side. Please try again.',
    es: 'Lo siento, algo falló de mi lado. Inténtalo de nuevo, por favor.',
  },
  unavailable: {
    en: 'Sorry, I could not reach my memory of this conversation. Please try again in a moment.',
    es: 'Lo siento, no pude acceder a la memoria de esta conversación. Inténtalo de nuevo en un momento.',
  },
  unsupported: {
    en: 'I can only read text messages. Please type your question.',
    es: 'Solo puedo leer mensajes de texto. Escribe tu pregunta, por favor.',
  },
  unsupportedTitle: { en: 'I can only read text', es: 'Solo puedo leer texto' },
  terminalHint: {
    en: 'Type a question and press Enter. A number picks one of the numbered suggestions; "exit" ends the chat.',
    es: 'Escribe una pregunta y pulsa Intro. Un número elige una de las sugerencias numeradas; "salir" termina el chat.',
  },
} as const;

/** Picks one language's text. */
export function pick(
  text: { readonly en: string; readonly es: string },
  language: Language,
): string {
  return text[language];
}
