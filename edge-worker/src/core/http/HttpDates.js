import { javaTrim } from "../lang/JavaText.js";

/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7): the twin of the gateway's `dev.tiergate.http.HttpDates`.
 *
 * Recipients must accept the obsolete RFC 850 and asctime forms as well as IMF-fixdate; anything else is
 * treated as invalid rather than guessed at.
 *
 * The Java side parses with three `java.time` formatters (Locale.US, strict, case-sensitive, resolver style
 * SMART). `Date.parse` accepts far more than they do, so each form is matched here by a pattern that admits
 * exactly what its formatter reads, and `resolve` then applies what the SMART resolver does with the fields.
 * Calendar arithmetic is done here rather than with `Date`, whose range (±275,760 years) is narrower than
 * the years the Java formatters accept (up to 999,999,999).
 */

/** ISO order (Monday is 1), as java.time numbers DAY_OF_WEEK. */
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FULL_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * `yyyy` is a year-of-era with sign style EXCEEDS_PAD: exactly four digits, or "+" and more than four
 * (at most 19, the formatter's width). A "-" is read too, but a negative year-of-era never resolves, so it is
 * left out here.
 */
const YEAR_OF_ERA = "([0-9]{4}|\\+[0-9]{5,19})";
const WEEKDAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})";

/** `EEE, dd MMM yyyy HH:mm:ss 'GMT'` */
const IMF_FIXDATE = new RegExp(`^${WEEKDAY}, ([0-9]{2}) ${MONTH} ${YEAR_OF_ERA} ${TIME} GMT$`);
/**
 * `EEEE, dd-MMM-` then a two-digit year reduced from base 1970, then ` HH:mm:ss 'GMT'`.
 *
 * Two-digit years are read as 1970..2069 (the pivot RFC 6265 uses for cookie dates), so "94" is 1994, not 2094
 * (which would also contradict the weekday and fail to parse). RFC 9110 §5.6.7 reads a year "more than 50 years
 * in the future" as the most recent past one; a fixed pivot keeps parsing independent of the clock and, in 2026,
 * differs from that rule only for the years "70".."76".
 */
const RFC_850 = new RegExp(
  `^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ([0-9]{2})-${MONTH}-([0-9]{2}) ${TIME} GMT$`,
);
/** `EEE MMM ppd HH:mm:ss yyyy`: the day is padded to two characters with a space ("Nov  6"). */
const ASCTIME = new RegExp(`^${WEEKDAY} ${MONTH} ( [0-9]|[0-9]{2}) ${TIME} ${YEAR_OF_ERA}$`);

/** LocalDate's range, which also bounds a date moved on by "24:00:00". */
const MAX_YEAR = 999_999_999;
const SECONDS_PER_DAY = 86_400;

/** HTTP-date parsing and formatting (RFC 9110 §5.6.7). */
export const HttpDates = Object.freeze({
  /**
   * The instant an HTTP-date names, in epoch milliseconds, or undefined when the value is not a valid HTTP-date.
   *
   * @param {string | undefined | null} value
   * @returns {number | undefined}
   */
  parse(value) {
    if (value === undefined || value === null) {
      return undefined;
    }
    const trimmed = javaTrim(value);
    // Try the accepted forms in the Java order; each either matches or falls through to the next.
    let match = IMF_FIXDATE.exec(trimmed);
    if (match !== null) {
      const [, weekday, day, month, year, hour, minute, second] = match;
      const result = resolve(WEEKDAYS.indexOf(weekday), yearOfEra(year), month, day, hour, minute, second);
      if (result !== undefined) {
        return result;
      }
    }
    match = RFC_850.exec(trimmed);
    if (match !== null) {
      const [, weekday, day, month, twoDigitYear, hour, minute, second] = match;
      // appendValueReduced(YEAR, 2, 2, 1970): 1900 + yy, moved into the century that starts at the base.
      let year = 1900 + Number(twoDigitYear);
      if (year < 1970) {
        year += 100;
      }
      const result = resolve(FULL_WEEKDAYS.indexOf(weekday), year, month, day, hour, minute, second);
      if (result !== undefined) {
        return result;
      }
    }
    match = ASCTIME.exec(trimmed);
    if (match !== null) {
      const [, weekday, month, day, hour, minute, second, year] = match;
      return resolve(WEEKDAYS.indexOf(weekday), yearOfEra(year), month, day.trim(), hour, minute, second);
    }
    return undefined;
  },

  /**
   * The IMF-fixdate form of an instant, truncated to whole seconds (towards the past, as java.time does for
   * an instant before 1970).
   *
   * @param {number} instant epoch milliseconds
   * @returns {string}
   */
  format(instant) {
    if (!Number.isFinite(instant)) {
      throw new Error(`instant: ${instant} is not a number of epoch milliseconds`);
    }
    const epochSecond = Math.floor(instant / 1000);
    const days = Math.floor(epochSecond / SECONDS_PER_DAY);
    const secondOfDay = epochSecond - days * SECONDS_PER_DAY;
    const [year, month, day] = civilFromDays(days);
    // `yyyy` prints the year-of-era without an era (1 BC is "0001"), with "+" once it exceeds four digits.
    const era = year >= 1 ? year : 1 - year;
    const yearText = era >= 10_000 ? "+" + era : String(era).padStart(4, "0");
    const hour = Math.floor(secondOfDay / 3600);
    const minute = Math.floor((secondOfDay % 3600) / 60);
    const time = `${pad2(hour)}:${pad2(minute)}:${pad2(secondOfDay % 60)}`;
    return `${WEEKDAYS[isoDayOfWeek(days) - 1]}, ${pad2(day)} ${MONTHS[month - 1]} ${yearText} ${time} GMT`;
  },
});

/**
 * A `yyyy` year-of-era as a number, or undefined when it is out of range: 0 and anything over 999,999,999 do
 * not resolve. Leading zeros after "+" are allowed ("+02026" is 2026).
 */
function yearOfEra(text) {
  const digits = text.startsWith("+") ? text.substring(1) : text;
  const significant = digits.replace(/^0+/, "");
  if (significant.length > 9) {
    return undefined;
  }
  const value = significant.length === 0 ? 0 : Number(significant);
  return value >= 1 ? value : undefined;
}

/**
 * What the SMART resolver makes of the parsed fields: the epoch milliseconds, or undefined where it throws.
 * The day of the month is only checked against 1..31 and then moved back to the month's last day ("31 Apr" is
 * 30 April); "24:00:00" is the midnight that ends the day; the weekday must agree with the date as written,
 * before that midnight moves it on.
 */
function resolve(isoWeekdayIndex, year, monthText, dayText, hourText, minuteText, secondText) {
  if (year === undefined) {
    return undefined;
  }
  const month = MONTHS.indexOf(monthText) + 1;
  let day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (day < 1 || day > 31 || minute > 59 || second > 59) {
    return undefined;
  }
  const endOfDay = hour === 24 && minute === 0 && second === 0;
  if (hour > 23 && !endOfDay) {
    return undefined;
  }
  if (month === 4 || month === 6 || month === 9 || month === 11) {
    day = Math.min(day, 30);
  } else if (month === 2) {
    day = Math.min(day, isLeap(year) ? 29 : 28);
  }
  let days = daysFromCivil(year, month, day);
  if (isoDayOfWeek(days) !== isoWeekdayIndex + 1) {
    return undefined;
  }
  if (endOfDay) {
    if (year === MAX_YEAR && month === 12 && day === 31) {
      return undefined;
    }
    days += 1;
  }
  const secondOfDay = endOfDay ? 0 : hour * 3600 + minute * 60 + second;
  return days * SECONDS_PER_DAY * 1000 + secondOfDay * 1000;
}

function isLeap(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), exact for any year here. */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The proleptic Gregorian [year, month, day] of a day since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days) {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

/** 1 (Monday) to 7 (Sunday); 1970-01-01 was a Thursday. */
function isoDayOfWeek(days) {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

function pad2(value) {
  return String(value).padStart(2, "0");
}
