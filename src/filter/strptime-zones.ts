/**
 * Zone names in log lines and in `logtimezone`: fixed-offset abbreviations (no DST switching, as in
 * fail2ban), `UTC±hh[:mm]`, and the resolution of a jail's logtimezone (warden adds IANA/POSIX zones).
 */
import { WardenError } from '../core/errors.js';
import { fixedTimeZone, parseTimeZone, type TimeZone } from '../core/timezone.js';

/**
 * Abbreviation -> minutes east of UTC, grouped by offset. Ambiguous abbreviations keep the reading
 * fail2ban uses (CST is US Central, IST is absent), so the same lines give the same times.
 */
const ZONES_BY_OFFSET: ReadonlyArray<readonly [number, string]> = [
  [-720, 'Y'],
  [-660, 'X NUT SST'],
  [-600, 'W CKT HAST HST TAHT TKT'],
  [-570, 'MART MIT'],
  [-540, 'V AKST GAMT GIT HADT HNY'],
  [-480, 'U AKDT CIST HAY HNP PST PT'],
  [-420, 'T HAP HNR MST PDT'],
  [-360, 'S CST EAST GALT HAR HNC MDT'],
  [-300, 'R CDT COT EASST ECT EST ET HAC HNE PET'],
  [-270, 'HLV VET'],
  [-240, 'Q AST BOT CLT COST EDT FKT GYT HAE HNA PYT'],
  [-210, 'HNT NST NT'],
  [-180, 'P ADT ART BRT CLST FKST GFT HAA PMST PYST SRT UYT WGT'],
  [-150, 'HAT NDT'],
  [-120, 'O BRST FNT PMDT UYST WGST'],
  [-60, 'N AZOT CVT EGT'],
  [0, 'Z EGST GMT UTC WET WT'],
  [60, 'A CET DFT WAT WEDT WEST'],
  [120, 'B CAT CEDT CEST EET SAST WAST'],
  [180, 'C EAT EEDT EEST IDT MSK'],
  [210, 'IRST'],
  [240, 'D AMT AZT GET GST KUYT MSD MUT RET SAMT SCT'],
  [270, 'AFT IRDT'],
  [300, 'E AMST AQTT AZST HMT MAWT MVT PKT TFT TJT TMT UZT YEKT'],
  [330, 'SLT'],
  [345, 'NPT'],
  [360, 'F ALMT BIOT BTT IOT KGT NOVT OMST YEKST'],
  [390, 'CCT MMT'],
  [420, 'G CXT DAVT HOVT ICT KRAT NOVST OMSST THA WIB'],
  [480, 'H ACT AWST BDT BNT CAST HKT IRKT KRAST MYT PHT SGT ULAT WITA WST'],
  [540, 'I AWDT IRKST JST KST PWT TLT WDT WIT YAKT'],
  [570, 'ACST'],
  [600, 'K AEST ChST PGT VLAT YAKST YAPT'],
  [630, 'ACDT LHST'],
  [660, 'L AEDT LHDT MAGT NCT PONT SBT VLAST VUT'],
  [690, 'NFT'],
  [720, 'M ANAST ANAT FJT GILT MAGST MHT NZST PETST PETT TVT WFT'],
  [780, 'FJST NZDT'],
];

const ZONE_MINUTES: ReadonlyMap<string, number> = new Map(
  ZONES_BY_OFFSET.flatMap(([minutes, names]) => names.split(' ').map((n) => [n, minutes] as const)),
);

/** `ABBR`, `[+-]hh`, `[+-]hhmm`, `[+-]hh:mm`, or an abbreviation followed by such an offset. */
const FIXED_ZONE = /^([A-Z](?:[A-Z]{2,4})?)?([+-])?(?:([01]\d)(?::?(\d\d))?)?$/;

/**
 * Minutes east of UTC for a zone written as fail2ban accepts it in lines and in logtimezone: an
 * optional known abbreviation plus an optional offset that is added to it (`CET+01` = +2 h).
 * Returns null for anything else (lower case, unknown abbreviation, malformed offset).
 */
export function fixedZoneMinutes(text: string): number | null {
  const m = FIXED_ZONE.exec(text);
  if (!m || (m[2] === undefined) !== (m[3] === undefined)) return null;
  const base = m[1] === undefined ? 0 : ZONE_MINUTES.get(m[1]);
  if (base === undefined) return null;
  if (m[2] === undefined) return base;
  const minutes = Number(m[3]) * 60 + Number(m[4] ?? 0);
  return base + (m[2] === '-' ? -minutes : minutes);
}

/** Offset (minutes east) of a `%z` / `%Z` / `%Exz` value from a log line, or null if unknown. */
export function stampZoneMinutes(text: string): number | null {
  if (text === 'Z' || text === 'UTC' || text === 'GMT') return 0;
  return fixedZoneMinutes(text);
}

/**
 * The zone of a jail's `logtimezone`: fail2ban's fixed forms first (`UTC`, `GMT+2`, `CEST`,
 * `UTC-04:30`), then (warden extension) IANA names with DST and POSIX TZ strings.
 */
export function resolveLogTimezone(spec: string): TimeZone {
  const text = spec.trim();
  const minutes = fixedZoneMinutes(text);
  if (minutes !== null) return fixedTimeZone(minutes * 60, text);
  try {
    return parseTimeZone(text);
  } catch {
    throw new WardenError('ERR_TIMEZONE', `Unknown or unsupported logtimezone ${JSON.stringify(spec)}: expected UTC, UTC+hh[:mm], a zone abbreviation such as CET, or an IANA name such as Europe/Berlin.`);
  }
}
