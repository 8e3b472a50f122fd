import type { Criterion } from './cityQuestions';
import type { Localized } from './schema';

const quote = (name: Localized): Localized => ({ en: `“${name.en}”`, es: `«${name.es}»` });
const lower = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const numberEn = new Intl.NumberFormat('en-US');
const numberEs = new Intl.NumberFormat('es-MX');

/** "A, B and C" / "A, B y C". */
function listOf(names: readonly string[], and: string): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1] ?? ''}`;
}

/** The sentences of answers across cities (lists and side-by-side comparisons), in both languages. */
export const CITY_TEXTS = {
  yes: { en: 'Yes', es: 'Sí' },
  no: { en: 'No', es: 'No' },
  notInProfile: {
    en: 'not in the profile I hold',
    es: 'no figura en el perfil que tengo',
  },
  noPriority: { en: 'does not prioritise policy sectors', es: 'no prioriza sectores de política' },
  staff: (value: number, qualifier?: string, upTo?: number): Localized => {
    if (qualifier === 'more-than')
      return { en: `more than ${value} staff`, es: `más de ${value} personas` };
    if (qualifier === 'around')
      return { en: `around ${value} staff`, es: `unas ${value} personas` };
    if (qualifier === 'range')
      return { en: `${value} to ${upTo ?? ''} staff`, es: `de ${value} a ${upTo ?? ''} personas` };
    return { en: `${value} staff`, es: `${value} personas` };
  },
  sizeAnswer: (holds: boolean, a: string, pa: string, b: string, pb: string): Localized => ({
    en: `${holds ? 'Yes' : 'No'}: ${a} had ${pa} inhabitants and ${b} ${pb}, by their profiles.`,
    es: `${holds ? 'Sí' : 'No'}: ${a} tenía ${pa} habitantes y ${b} ${pb}, según sus perfiles.`,
  }),
  comparisonTitle: { en: 'Side by side', es: 'Comparación' },
  comparisonIntro: (names: readonly string[], years: readonly number[]): Localized => ({
    en: `${listOf(names, 'and')} side by side, from their profiles in the ${listOf(years.map(String), 'and')} survey${years.length > 1 ? 's' : ''}:`,
    es: `${listOf(names, 'y')}, una al lado de la otra, según sus perfiles de la encuesta de ${listOf(years.map(String), 'y')}:`,
  }),
  listTitle: { en: 'Cities with a profile', es: 'Ciudades con perfil' },
  allCities: (count: number, countries: number): Localized => ({
    en: `I hold innovation profiles for ${count} cities in ${countries} countries, from the 2018 and 2020 rounds of the survey:`,
    es: `Tengo perfiles de innovación de ${count} ciudades de ${countries} países, de las rondas 2018 y 2020 de la encuesta:`,
  }),
  matching: (count: number, total: number, what: readonly string[]): Localized => {
    const en = listOf(
      what.map((w) => w.split('|')[0] ?? w),
      'and',
    );
    const es = listOf(
      what.map((w) => w.split('|')[1] ?? w),
      'y',
    );
    return {
      en:
        count === 0
          ? `None of the ${total} profiles I hold shows a city ${en}.`
          : `${count} of the ${total} profiles I hold show${count === 1 ? 's' : ''} a city ${en}:`,
      es:
        count === 0
          ? `Ninguno de los ${total} perfiles que tengo muestra una ciudad ${es}.`
          : `${count} de los ${total} perfiles que tengo muestra${count === 1 ? '' : 'n'} una ciudad ${es}:`,
    };
  },
  unknownMatches: (count: number, names: readonly string[]): Localized => ({
    en: `For ${count} more profile${count === 1 ? '' : 's'} (${names.join(', ')}${count > names.length ? '…' : ''}) the stored page does not include that part, so I can't tell.`,
    es: `En ${count} perfil${count === 1 ? '' : 'es'} más (${names.join(', ')}${count > names.length ? '…' : ''}) la página guardada no incluye esa parte, así que no lo puedo decir.`,
  }),
  profilesSection: (count: number): Localized => ({
    en: `city profiles (${count})`,
    es: `perfiles de ciudades (${count})`,
  }),
  /** A criterion as "english|spanish" words that follow "a city ...". */
  criterion: (c: Criterion): Localized => {
    const both = (en: string, es: string): Localized => ({ en: `${en}|${es}`, es: `${en}|${es}` });
    switch (c.kind) {
      case 'country':
        return both(`in ${c.name.en}`, `de ${c.name.es}`);
      case 'region':
        return both(`in ${c.name.en}`, `de ${c.name.es}`);
      case 'area':
        return both(`focused on ${lower(c.name.en)}`, `enfocada en ${lower(c.name.es)}`);
      case 'option': {
        const q = quote(c.name);
        if (c.vocabulary === 'role') return both(`using the role ${q.en}`, `con el perfil ${q.es}`);
        if (c.vocabulary === 'success-factor')
          return both(
            `naming ${q.en} a critical success factor`,
            `que cita ${q.es} como factor crítico de éxito`,
          );
        if (c.vocabulary === 'goal')
          return both(
            `where innovation helps to ${lower(q.en)}`,
            `donde la innovación ayuda a ${lower(q.es)}`,
          );
        return both(`associating innovation with ${q.en}`, `que asocia la innovación con ${q.es}`);
      }
      case 'strategy':
        return c.holds
          ? both(
              'with an explicit innovation strategy',
              'con una estrategia de innovación explícita',
            )
          : both(
              'without an explicit innovation strategy',
              'sin una estrategia de innovación explícita',
            );
      case 'funding':
        return c.holds
          ? both('with dedicated innovation funding', 'con financiamiento dedicado a la innovación')
          : both(
              'without dedicated innovation funding',
              'sin financiamiento dedicado a la innovación',
            );
      case 'team':
        if (c.option === 'independent')
          return both(
            'with an independent innovation department or body',
            'con un departamento u organismo de innovación independiente',
          );
        if (c.option === 'mayors-office')
          return both(
            "with its innovation team in the Mayor's office",
            'con su equipo de innovación en la oficina del alcalde',
          );
        if (c.option === 'city-managers-office')
          return both(
            "with its innovation team in the City Manager's office",
            'con su equipo de innovación en la oficina del administrador municipal',
          );
        return c.holds
          ? both('with a dedicated innovation team', 'con un equipo dedicado a la innovación')
          : both('without a dedicated innovation team', 'sin un equipo dedicado a la innovación');
      case 'roles-count': {
        const en =
          c.op === 'eq'
            ? `exactly ${c.value}`
            : c.op === 'gt'
              ? `more than ${c.value}`
              : `fewer than ${c.value}`;
        const es =
          c.op === 'eq'
            ? `exactamente ${c.value}`
            : c.op === 'gt'
              ? `más de ${c.value}`
              : `menos de ${c.value}`;
        return both(
          `using ${en} innovation role${c.value === 1 && c.op === 'eq' ? '' : 's'}`,
          `con ${es} perfil${c.value === 1 && c.op === 'eq' ? '' : 'es'} de innovación`,
        );
      }
      case 'population':
        return both(
          `of ${c.op === 'gt' ? 'more' : 'fewer'} than ${numberEn.format(c.value)} inhabitants`,
          `de ${c.op === 'gt' ? 'más' : 'menos'} de ${numberEs.format(c.value)} habitantes`,
        );
    }
  },
};
