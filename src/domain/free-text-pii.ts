/**
 * Personal data typed into free text (a ticket's title and description), masked in the style of
 * the field masks of `personal-data.ts`. A mask keeps the text's length, its separators and the
 * glyphs of the digits it shows (a full-width number stays full-width).
 *
 * Masked:
 * - mobile numbers, 11 digits 1[3-9]…, after an optional +86/0086/86, plain or as 3-4-4, 3-8,
 *   7-4 with spaces or dashes: `+86 138-0000-1234` → `+86 138-****-1234`;
 * - landlines with an area code: `0591-87654321`, `(0591)87654321`, `0591 8765 4321` →
 *   `05**-******21`, `(05**)******21`, `05** **** **21`;
 * - ID numbers, 18 characters (last X or x) or 15 digits with a valid birth date, plain or in
 *   groups: `350102190001011234` → `3501**********1234`;
 * - bank cards, 16–19 digits, plain or in groups of 4: `6222 0212 3456 7890` →
 *   `6222 **** **** 7890`;
 * - e-mail addresses, the part before @: `lin.test@example.com` → `li******@example.com`;
 * - licence plates, the serial: `闽A12345` → `闽A****5`, `闽A·D12345` → `闽A·****45`;
 * - numbers after a cue: 电话/座机/手机/联系/联系方式/tel/phone/mobile 7–12 digits
 *   (`电话87654321` → `电话******21`), QQ 5–12 digits, 微信/wechat/wx/vx a number or an id
 *   (`微信 lin_test01` → `微信 lin*******`), 身份证/证件/护照/通行证 a number or an id
 *   (`护照E12345678` → `护照E12******`), 银行卡/卡号/账号/账户 7–20 digits;
 * - names after 我叫/名字叫/姓名 (any Han name) or after 本人/联系人/报告人/反映人/来电人/
 *   投诉人/举报人/申请人/当事人 (a common surname): `我叫张三丰` → `我叫张**`; English after
 *   "name is"/"Name:": `John Smith` → `J*** S****`. A surname with an honorific and no given
 *   name stays (张先生, 王师傅, 李阿姨);
 * - house, building, unit, floor and room numbers: a number before 号/号楼/栋/幢/座/单元/室/弄/楼/
 *   层 or after 栋/幢/座/单元/楼/层 or a house number, and Chinese numerals before 单元/室/栋/幢/
 *   号楼: `五四路123号3单元502室` → `五四路***号*单元***室`. Road names and crossings stay.
 *
 * How much shows: a number keeps at most a third of its digits (the last two and the leading rest
 * of the third), and one of 6 digits or fewer is masked whole. Mobiles (3 + 4), ID numbers and
 * bank cards (4 + 4) keep the digits of their usual display form; text ids (e-mail, WeChat, plate
 * serials) a third of their characters.
 *
 * Kept as written: the hotline 12345 and, without a cue, any number of 9 digits or fewer that is
 * not a house or room number; dates and times (2026年12月2日, 12月2号, 2026-12-02,
 * 12/02 09:33); durations, counts, years and percentages; amounts (a number followed by
 * 元/块/万/亿/%); codes of Latin letters, then - or _, then digits (T-2612020930-0033,
 * SN_0591876543, lin_test01); metro lines and exits (1号线, 2号口).
 *
 * Not recognised: a name without a cue (that needs a model, not a pattern), a number broken by
 * other characters than spaces, dashes and invisible format characters, a number inside a code
 * (Latin letters, then - or _, then digits), a house number in Chinese numerals before 号 (it
 * may be a date), numbers written in Chinese numerals (一三八…).
 *
 * Text without a digit, an @ or a cue word is returned as it is after one scan; the rest takes
 * one pass of one regular expression. No quantified group can match the same characters in two
 * ways, so the time is linear in the text's length, whatever it holds.
 */
export function maskFreeText(text: string): string {
  if (!PRECHECK.test(text)) return text;
  return text.replace(PATTERN, replacer);
}

/** How many characters stay visible at the start and at the end. */
export interface Visible {
  head: number;
  tail: number;
}

/**
 * The rule for a number that has no display convention of its own: 6 digits or fewer are masked
 * whole; longer ones keep the last two digits and the leading rest of a third of them.
 */
export function visibleDigits(n: number): Visible {
  if (n <= 6) return { head: 0, tail: 0 };
  return { head: Math.floor(n / 3) - 2, tail: 2 };
}

/** The mobile number in `digits` (11 digits 1[3-9]…, after an optional 86/0086), or null. */
export function mobileOf(digits: string): string | null {
  const prefix =
    digits.length === 13 && digits.startsWith('86')
      ? 2
      : digits.length === 15 && digits.startsWith('0086')
        ? 4
        : 0;
  const code = digits.charCodeAt(prefix + 1);
  return digits.length - prefix === 11 && digits[prefix] === '1' && code >= 0x33 && code <= 0x39
    ? digits.slice(prefix)
    : null;
}

/** Digits (ASCII or full-width) as ASCII; other characters are dropped. */
export function asciiDigits(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) out += text[i];
    else if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xfee0);
  }
  return out;
}

// ——— patterns (built once) ———

const D = '[0-9０-９]';
// Between the digit groups of one number: spaces, dashes and invisible format characters.
const INVISIBLE = '\\u200b-\\u200f\\u202a-\\u202e\\u2060\\ufeff';
const SEP = `[ \\u00a0\\u3000\\-－‐‑${INVISIBLE}]`;
const X = '[XxＸｘ]';
const NUM_BODY = `${D}+(?:${SEP}{1,3}${D}+)*(?:${X}(?![A-Za-z0-9_]))?`;
// A number: optionally "+", or an area code in brackets.
const NUM = `(?:[(（][0０]${D}{2,3}[)）]${SEP}?|[+＋]${SEP}?)?${NUM_BODY}`;
const GAP = '[:：是为\\s\\-－]{0,3}';

const COMPOUND_SURNAMES =
  '欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|尉迟|公孙|端木|夏侯|西门|南宫|长孙|宇文|司徒|申屠|万俟|轩辕|独孤|呼延|澹台|闻人|钟离';
// Common surnames, without those that are more often words after 本人/联系人 (和, 于, 向, 时 …).
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲房滕屈饶牟艾尤穆农卓缪褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝';
const HONORIFIC =
  '先生|女士|小姐|师傅|阿姨|大爷|大妈|大姐|大哥|大叔|老师|同志|老板|经理|主任|书记|医生|警官|奶奶|爷爷|叔叔|伯伯|阿婆|阿公|婆婆|总|叔|伯|姨|婶|哥|姐|嫂|爷|奶';
// Characters that end a name rather than continue it (的, 是, 住, 电话 …).
const NAME_STOP = '的是在住电手联身今昨现反了和与要想请因从到也就说打来称表投举向于已目';
const HAN = '\\p{Script=Han}';
const GIVEN = `(?:(?!${HONORIFIC})[^\\P{Script=Han}${NAME_STOP}])`;
const NAME_GAP = '[:：是为叫\\s]{0,3}';

const STRONG_NAME_CUE = '我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名';
const WEAK_NAME_CUE = '本人|联系人|报告人|反映人|来电人|投诉人|举报人|申请人|当事人';

// A Latin word that starts a word. The look-behind follows the word, so it is tried only where
// the word is: one in front of an alternative would be tried at every position of every text.
const latinWord = (words: string): string => `(?:${words})(?<![A-Za-z](?:${words}))`;
const WECHAT = '[Ww]e[Cc]hat|[Ww]eixin|[VvWw][Xx]';
const NUMBER_CUE = `(?:电话|座机|手机|联系方式|联系|ＱＱ|扣扣|微信|身份证|证件|护照|银行卡|卡号|账号|账户|${latinWord(
  `[Tt][Ee][Ll]|[Pp]hone|[Mm]obile|[Qq][Qq]|${WECHAT}`,
)})(?:号码|号|方式|[Ii][Dd])?`;
// Cues of an id that may start with a letter: WeChat, passport and other documents.
const LATIN_ID_CUE = `(?:微信|证件|护照|通行证|${latinWord(WECHAT)})(?:号码|号|[Ii][Dd])?`;
const LATIN_ID = '[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_A-Za-z0-9])';

const PLATE_LETTER = '[A-HJ-NP-Za-hj-np-z]';
const PLATE = `[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]${PLATE_LETTER}[·•・.\\- ]?(?:[A-HJ-NP-Za-hj-np-z0-9]{5,6}|[A-HJ-NP-Za-hj-np-z0-9]{4}[学警港澳挂])(?![A-Za-z0-9_])`;

// John, McDonald, O'Neil.
const EN_NAME_WORD = "[A-Z][a-z]*(?:[A-Z'][A-Za-z][a-z]*)?";

const HAN_DIGIT = '[零〇一二两三四五六七八九十百]';
const EMAIL_LOCAL = '[A-Za-z0-9._%+\\-]';

const PATTERN = new RegExp(
  [
    // Look-behinds after a first character, for the reason given at latinWord.
    `(${EMAIL_LOCAL}(?<!${EMAIL_LOCAL}{2})${EMAIL_LOCAL}*)(?=[@＠][A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+)`,
    `((?:${STRONG_NAME_CUE})${NAME_GAP})((?:${COMPOUND_SURNAMES}|${HAN})${GIVEN}{1,2})`,
    `((?:${WEAK_NAME_CUE})${NAME_GAP})((?:${COMPOUND_SURNAMES}|[${SURNAMES}])${GIVEN}{1,2})`,
    `(${latinWord('[Nn]ame')}(?: +is|\\s*[:：])\\s*)(${EN_NAME_WORD}(?: ${EN_NAME_WORD}){0,2})(?![A-Za-z])`,
    `(${NUMBER_CUE}${GAP})(${NUM})`,
    `(${LATIN_ID_CUE}${GAP})(${LATIN_ID})`,
    `(${PLATE})`,
    // A code (ticket id, device number): consumed so that its digits are kept.
    `[A-Za-z](?<![A-Za-z0-9_][A-Za-z])[A-Za-z]{0,7}[-_][A-Za-z]*[0-9][-_A-Za-z0-9]*`,
    `(${HAN_DIGIT}(?<![第零〇一二两三四五六七八九十百]${HAN_DIGIT})${HAN_DIGIT}*)(?=单元|室|栋|幢|号楼)`,
    // No look-behind needed: every alternative that ends in digits takes the whole run of them.
    `(${NUM})`,
  ].join('|'),
  'gu',
);

const PRECHECK = new RegExp(
  `[0-9０-９@＠]|${STRONG_NAME_CUE}|${WEAK_NAME_CUE}|[Nn]ame|微信|[Ww]e[Cc]hat|[Ww]eixin|[VvWw][Xx]|单元|室|栋|幢|号楼`,
  'u',
);

// The capturing groups of PATTERN, in order. Plain numbered groups: named ones cost an object
// per match, which doubled the time of a replace.
function replacer(
  match: string,
  email: string | undefined,
  strongCue: string | undefined,
  strongName: string | undefined,
  weakCue: string | undefined,
  weakName: string | undefined,
  enCue: string | undefined,
  enName: string | undefined,
  numCue: string | undefined,
  cued: string | undefined,
  idCue: string | undefined,
  latinId: string | undefined,
  plate: string | undefined,
  hanNumber: string | undefined,
  num: string | undefined,
  offset: number,
  text: string,
): string {
  if (num !== undefined) return maskNumber(num, 'none', text, offset);
  if (email !== undefined) return keepStart(email, Math.floor(email.length / 3));
  if (numCue !== undefined && cued !== undefined)
    return numCue + maskNumber(cued, cueKind(numCue), text, offset + numCue.length);
  if (strongCue !== undefined && strongName !== undefined) return strongCue + maskHan(strongName);
  if (weakCue !== undefined && weakName !== undefined) return weakCue + maskHan(weakName);
  if (enCue !== undefined && enName !== undefined) return enCue + enName.replace(LATER_LETTER, '*');
  if (idCue !== undefined && latinId !== undefined)
    return idCue + keepStart(latinId, Math.floor(latinId.length / 3));
  if (plate !== undefined) return maskPlate(plate);
  if (hanNumber !== undefined) return '*'.repeat(hanNumber.length);
  return match; // a code: kept as written
}

// A letter that is not the first of its word (John O'Neil → J*** O'****).
const LATER_LETTER = /(?<=[A-Za-z'])[A-Za-z]/g;

type Cue = 'none' | 'phone' | 'qq' | 'wechat' | 'id' | 'card';

function cueKind(cue: string): Cue {
  const c = cue.charAt(0);
  if (c === 'Q' || c === 'q' || c === 'Ｑ' || c === '扣') return 'qq';
  if (c === '微' || c === 'W' || c === 'w' || c === 'V' || c === 'v') return 'wechat';
  if (c === '身' || c === '证' || c === '护') return 'id';
  if (c === '银' || c === '卡' || c === '账') return 'card';
  return 'phone';
}

function keepStart(text: string, keep: number): string {
  return text.slice(0, keep) + '*'.repeat(text.length - keep);
}

/** 张三丰 → 张**, 欧阳娜娜 → 欧***: as `maskName`, counting code points. */
function maskHan(name: string): string {
  const chars = Array.from(name);
  return (chars[0] ?? '') + '*'.repeat(chars.length - 1);
}

/** 闽A12345 → 闽A****5, 闽A·D12345 → 闽A·****45: the serial keeps its last third. */
function maskPlate(plate: string): string {
  const serialStart = /^..[·•・.\- ]/.test(plate) ? 3 : 2;
  const serial = plate.slice(serialStart);
  if (!/[0-9]/.test(serial)) return plate;
  const keep = Math.floor(serial.length / 3);
  return (
    plate.slice(0, serialStart) +
    '*'.repeat(serial.length - keep) +
    serial.slice(serial.length - keep)
  );
}

// ——— numbers ———

const UNIT_AFTER = new Set(['元', '块', '万', '亿', '%', '％', '‰']);
// A short number followed by one of these is a count or a measure, never a house (3号楼200米).
const MEASURE_AFTER = new Set(
  Array.from(
    '米天时分秒年月日周次辆个人名位岁斤吨克度条只处家台根棵盏多余平亩公千厘毫倍部张份件箱瓶',
  ),
);
const ADDRESS_AFTER = new Set(['号', '栋', '幢', '座', '室', '弄', '楼', '层']);
const ADDRESS_BEFORE = new Set(['栋', '幢', '座', '楼', '层']);
const NOT_A_HOUSE = new Set(['线', '口']); // 1号线, 2号口

function isAddressNumber(text: string, start: number, end: number): boolean {
  const before = text.charAt(start - 1);
  const after = text.charAt(end);
  if (ADDRESS_BEFORE.has(before) || (before === '元' && text.charAt(start - 2) === '单'))
    return true;
  // 18号502: a room after a house number.
  if (before === '号' && /[0-9０-９*]/.test(text.charAt(start - 2))) return true;
  if (after === '单' && text.charAt(end + 1) === '元') return true;
  if (!ADDRESS_AFTER.has(after)) return false;
  if (before === '月' || before === '第') return false; // 12月2号, 第3号
  return !(after === '号' && NOT_A_HOUSE.has(text.charAt(end + 1)));
}

/**
 * Masks what is personal in one run of digits (groups joined by spaces or dashes): the longest
 * window of consecutive groups, from the left, that reads as a known kind of number.
 */
function maskNumber(run: string, cue: Cue, text: string, start: number): string {
  const end = start + run.length;
  if (UNIT_AFTER.has(text.charAt(end))) return run;
  // Most numbers are short and without a cue: a house number at most.
  if (cue === 'none' && run.length <= 6)
    return !MEASURE_AFTER.has(text.charAt(end)) && isAddressNumber(text, start, end)
      ? run.replace(DIGIT, '*')
      : run;
  // Digits in order (full-width as ASCII, x as X), where each sits in `run`, and group sizes.
  let digits = '';
  const at: number[] = [];
  const sizes: number[] = [];
  let size = 0;
  for (let i = 0; i < run.length; i += 1) {
    const c = run.charCodeAt(i);
    let d = '';
    if (c >= 0x30 && c <= 0x39) d = run[i] as string;
    else if (c >= 0xff10 && c <= 0xff19) d = String.fromCharCode(c - 0xfee0);
    else if (c === 0x58 || c === 0x78 || c === 0xff38 || c === 0xff58) d = 'X';
    if (d) {
      digits += d;
      at.push(i);
      size += 1;
    } else if (size > 0 && !isInvisible(c)) {
      sizes.push(size);
      size = 0;
    }
  }
  if (size > 0) sizes.push(size);
  if (
    digits.length <= 6 &&
    !MEASURE_AFTER.has(text.charAt(end)) &&
    isAddressNumber(text, start, end)
  )
    return maskAt(run, at, 0, at.length);

  let masked: string | null = null;
  let first = 0; // index in digits of the first digit of group g
  for (let g = 0; g < sizes.length;) {
    let found = 0;
    let count = 0;
    let largest = 0;
    const windows: number[] = [];
    for (let h = g; h < sizes.length && h < g + 6; h += 1) {
      count += sizes[h] as number;
      largest = Math.max(largest, sizes[h] as number);
      if (count > 20 && h > g) break;
      windows.push(count, largest);
    }
    // Longest window first.
    for (let w = windows.length / 2 - 1; w >= 0; w -= 1) {
      const n = windows[2 * w] as number;
      if (w > 0 && (windows[2 * w + 1] as number) > 8) continue;
      const visible = classify(
        digits.slice(first, first + n),
        sizes.slice(g, g + w + 1),
        g === 0 ? cue : 'none',
      );
      if (visible) {
        masked = maskAt(masked ?? run, at, first + visible.head, first + n - visible.tail);
        found = w + 1;
        first += n;
        break;
      }
    }
    if (found === 0) {
      first += sizes[g] as number;
      g += 1;
    } else g += found;
  }
  return masked ?? run;
}

const DIGIT = /[0-9０-９]/g;

function isInvisible(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || c === 0x2060 || c === 0xfeff
  );
}

/** `run` with the digits `from` (inclusive) to `to` (exclusive) replaced by `*`. */
function maskAt(run: string, at: readonly number[], from: number, to: number): string {
  if (from >= to) return run;
  let out = '';
  let last = 0;
  for (let k = from; k < to; k += 1) {
    const i = at[k] as number;
    out += run.slice(last, i) + '*';
    last = i + 1;
  }
  return out + run.slice(last);
}

const MOBILE_SHAPES = new Set(['11', '3,4,4', '3,8', '7,4']);

/** Which digits of a window of digit groups stay visible, or null if it is not personal. */
function classify(d: string, sizes: readonly number[], cue: Cue): Visible | null {
  const n = d.length;
  const x = d.charCodeAt(n - 1) === 0x58;
  const multi = sizes.length > 1;
  if (!x) {
    const mobile = mobileOf(d);
    if (mobile) {
      const prefix = n - 11;
      const shape =
        prefix === 0 ? sizes : sizes[0] === prefix ? sizes.slice(1) : multi ? null : [11];
      if (shape && MOBILE_SHAPES.has(shape.join())) return { head: prefix + 3, tail: 4 };
    }
  }
  if ((n === 18 && isId18(d)) || (n === 15 && isId15(d))) return { head: 4, tail: 4 };
  if (!x && n >= 10 && n <= 12 && d[0] === '0' && d[1] !== '0') {
    if (!multi) return visibleDigits(n);
    const first = sizes[0] as number;
    const rest = n - first;
    if ((first === 3 || first === 4) && rest >= 7 && rest <= 8 && sizes.every((s) => s >= 3))
      return visibleDigits(n);
  }
  if (!x && n >= 16 && n <= 19 && sizes.every((s, i) => s === 4 || i === sizes.length - 1))
    return { head: 4, tail: 4 };
  switch (cue) {
    case 'phone':
      return !x && n >= 7 && n <= 12 ? visibleDigits(n) : null;
    case 'qq':
      return !x && n >= 5 && n <= 12 ? visibleDigits(n) : null;
    case 'wechat':
      return n >= 5 && n <= 20 ? visibleDigits(n) : null;
    case 'id':
      if (n === 15 || n === 18) return { head: 4, tail: 4 };
      return n >= 7 && n <= 20 ? visibleDigits(n) : null;
    case 'card':
      if (!x && n >= 12 && n <= 19) return { head: 4, tail: 4 };
      return !x && n >= 7 && n <= 20 ? visibleDigits(n) : null;
    default:
      return null;
  }
}

const two = (d: string, i: number): number =>
  (d.charCodeAt(i) - 48) * 10 + d.charCodeAt(i + 1) - 48;

function validDate(d: string, at: number): boolean {
  const month = two(d, at);
  const day = two(d, at + 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** 18 characters: region (first digit 1–9), birth date 18xx–20xx, sequence, check digit or X. */
function isId18(d: string): boolean {
  const x = d.indexOf('X');
  if (d[0] === '0' || (x !== -1 && x !== 17)) return false;
  const century = two(d, 6);
  return century >= 18 && century <= 20 && validDate(d, 10);
}

/** 15 digits: region, birth date yymmdd, sequence. */
function isId15(d: string): boolean {
  return d[0] !== '0' && d.indexOf('X') === -1 && validDate(d, 8);
}
