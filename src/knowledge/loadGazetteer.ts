import type { Place } from '../core/understand/entities';

interface GazetteerRow {
  readonly city?: unknown;
  readonly city_ascii?: unknown;
  readonly country?: unknown;
  readonly pop?: unknown;
}

/** Places smaller than this are left out: their names are too often ordinary words. */
const MIN_POPULATION = 100_000;

/**
 * The world's cities and countries from the city-timezones package (a gazetteer
 * with population figures), as plain names for the core's entity index.
 */
export function loadGazetteer(): Place[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rows = require('city-timezones/data/cityMap.json') as readonly GazetteerRow[];
  const places: Place[] = [];
  const countries = new Set<string>();
  for (const row of rows) {
    if (typeof row.country === 'string') countries.add(row.country);
    const pop = typeof row.pop === 'number' ? row.pop : 0;
    if (pop < MIN_POPULATION) continue;
    if (typeof row.city === 'string') places.push({ name: row.city, population: pop });
    if (typeof row.city_ascii === 'string' && row.city_ascii !== row.city)
      places.push({ name: row.city_ascii, population: pop });
  }
  for (const country of countries)
    places.push({ name: country, population: Number.MAX_SAFE_INTEGER });
  return places;
}
