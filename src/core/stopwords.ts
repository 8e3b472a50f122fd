/**
 * Function words that carry no topic. Question words (who, how, where, cuánto...)
 * are deliberately absent: they separate "who is the mayor" from "how many people".
 * Words are in normalised form (no accents).
 */
export const STOPWORDS_EN: ReadonlySet<string> = new Set(
  (
    'a an the of to in on at for from by with about into over under and or but is are was were be been being am ' +
    'do does did done have has had having i me my you your we our us it its this that these those there here ' +
    'can could would should will shall may might must know let s t d ll re ve m just also very ' +
    'some any as so if than then them they their he she his her him please kindly pls plz'
  ).split(' '),
);

export const STOPWORDS_ES: ReadonlySet<string> = new Set(
  (
    'el la los las un una unos unas de del al a en y o u e que es son fue era eran ser esta este estos estas ' +
    'ese esa esos esas lo le les se su sus mi mis tu tus me te nos por para con sin sobre entre hay ha han ' +
    'tiene tienen tenia puede puedes podria podrias favor porfa dime decir saber quiero quisiera gustaria ' +
    'muy mas tambien ya cual cuales'
  ).split(' '),
);

/**
 * Words that mark a language when they appear: frequent function words and question
 * words of each language (normalised). Used by language detection only.
 */
export const MARKERS_EN: ReadonlySet<string> = new Set(
  (
    'the of is are was what who how where when which why does do did there many much with about in on and ' +
    'for tell please show give can you it its city has have this that from any whats hows much'
  ).split(' '),
);
export const MARKERS_ES: ReadonlySet<string> = new Set(
  (
    'el la los las del de que quien quienes como cual cuales cuanto cuantos cuanta cuantas donde cuando por ' +
    'para con hay es son tiene tienen esta ciudad una uno y en se su sus dime muestrame dame sobre gracias hola ' +
    'ayuda adios buenos buenas dias tardes noches sabes puedes quiero cuentame hablame datos mucho muchas'
  ).split(' '),
);

/**
 * Everyday words that say nothing about a topic or about being out of scope: when
 * the knowledge does not use them, they weigh little instead of counting as foreign.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (
    'actually really think thinks thought mind come comes coming consider considers considered get gets got make makes making ' +
    'made use uses using used way ways thing things kind kinds sort lot lots bit like likes want wants need needs needed ' +
    'would say says said see look looks looking find found tell explain describe mean let know curious wondering wonder ' +
    'current currently today now still ever exactly basically generally overall main important big biggest good best ' +
    'interested quick quickly briefly short simple simply here there something anything everything stuff regarding ' +
    'according concerning related relate relates place places part parts deal' +
    ' realmente creo cree piensa piensan pienso considera consideran tipo tipos cosa cosas forma formas manera maneras ' +
    'quiero querria necesito gustaria saber conocer explica explicame describe puedes podrias contar cuentame actualmente ' +
    'hoy ahora todavia exactamente general principal principales importante bueno buena mejor rapido breve algo todo ' +
    'respecto relacion relacionado parte partes lugar hace hacen hizo usa usan uso'
  )
    .split(/\s+/)
    .filter(Boolean),
);
