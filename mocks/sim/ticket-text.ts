// Citizen text of tickets: Chinese titles and descriptions built from templates per category and
// type, with the place's names; fake personal data; and the hostile strings of the security tests.
import type { Reporter, TicketChannel, TicketType } from '../../src/domain/ticket';
import type { Family, SimCategory } from './city-catalog';
import type { Detection, DetectionType } from '../../src/domain/detection';
import { FAKE_GIVEN_NAMES, PHONE_PREFIXES, SURNAMES } from './names';
import type { Community } from './places';
import type { Rng } from './prng';

export interface TextPlace {
  c: Community;
  road: string;
  road2: string;
  /** House number. */
  no: number;
  river: string;
}

interface Issue {
  topic: string;
  title: (p: TextPlace) => string;
  detail: (p: TextPlace) => string;
}

const at = (p: TextPlace): string => (p.c.village ? `${p.c.short}` : `${p.road}${p.c.short}路段`);
const near = (p: TextPlace): string =>
  p.c.village ? `${p.c.short}村口` : `${p.road}${p.no}号附近`;
const estate = (p: TextPlace): string =>
  p.c.village ? `${p.c.short}${(p.no % 12) + 1}组` : `${p.c.short}${(p.no % 28) + 1}号楼`;

const ISSUES: Readonly<Record<Exclude<Family, 'other'>, readonly Issue[]>> = {
  municipal: [
    {
      topic: '路灯不亮',
      title: (p) => `${near(p)}路灯不亮`,
      detail: (p) => `${near(p)}的路灯已连续多晚不亮，夜间行人和电动车出行不便，存在安全隐患。`,
    },
    {
      topic: '井盖破损',
      title: (p) => `${at(p)}井盖破损松动`,
      detail: (p) => `${at(p)}人行道上有一处井盖破损松动，行人容易踩空，请尽快更换。`,
    },
    {
      topic: '道路坑洼',
      title: (p) => `${at(p)}路面坑洼`,
      detail: (p) => `${at(p)}路面坑洼不平，下雨后积水，电动车经过容易摔倒。`,
    },
    {
      topic: '人行道板松动',
      title: (p) => `${near(p)}人行道板松动`,
      detail: (p) => `${near(p)}人行道板松动翘起，踩上去会溅水，老人小孩容易绊倒。`,
    },
    {
      topic: '护栏损坏',
      title: (p) => `${at(p)}道路护栏损坏`,
      detail: (p) => `${at(p)}中间隔离护栏被撞坏倒在路面，影响车辆通行。`,
    },
  ],
  drainage: [
    {
      topic: '下水道堵塞',
      title: (p) => `${estate(p)}附近下水道堵塞`,
      detail: (p) => `${estate(p)}附近下水道堵塞，污水外溢到路面，气味难闻。`,
    },
    {
      topic: '道路积水',
      title: (p) => `${at(p)}下雨积水`,
      detail: (p) => `${at(p)}每逢下雨就积水，最深处没过脚踝，影响通行。`,
    },
    {
      topic: '雨水篦子堵塞',
      title: (p) => `${near(p)}雨水篦子堵塞`,
      detail: (p) => `${near(p)}雨水篦子被垃圾和落叶堵住，排水不畅。`,
    },
    {
      topic: '化粪池满溢',
      title: (p) => `${estate(p)}化粪池满溢`,
      detail: (p) => `${estate(p)}化粪池满溢，粪水流到楼道口，请尽快清掏。`,
    },
  ],
  sanitation: [
    {
      topic: '垃圾未及时清运',
      title: (p) => `${p.c.short}垃圾点未及时清运`,
      detail: (p) => `${p.c.short}垃圾分类投放点的垃圾堆积两天未清运，气味很大，招蚊蝇。`,
    },
    {
      topic: '占道经营',
      title: (p) => `${at(p)}流动摊贩占道经营`,
      detail: (p) => `${at(p)}傍晚有流动摊贩占道经营，堵塞人行道，影响通行。`,
    },
    {
      topic: '乱贴小广告',
      title: (p) => `${near(p)}乱贴小广告`,
      detail: (p) => `${near(p)}电线杆和墙面被贴满小广告，影响市容。`,
    },
    {
      topic: '建筑垃圾乱倒',
      title: (p) => `${at(p)}建筑垃圾乱倒`,
      detail: (p) => `${at(p)}路边有人偷倒装修垃圾，已堆成小山。`,
    },
    {
      topic: '沿街晾挂',
      title: (p) => `${at(p)}沿街晾晒衣物`,
      detail: (p) => `${at(p)}沿街店铺在行道树之间拉绳晾晒衣物，影响市容。`,
    },
  ],
  greenery: [
    {
      topic: '树枝遮挡',
      title: (p) => `${at(p)}行道树需修剪`,
      detail: (p) => `${at(p)}行道树枝叶过密，遮挡路灯和交通标志，请安排修剪。`,
    },
    {
      topic: '枯树隐患',
      title: (p) => `${near(p)}枯树存在倒伏隐患`,
      detail: (p) => `${near(p)}有一棵大树已经枯死，台风天容易倒伏砸伤行人。`,
    },
    {
      topic: '绿地被占',
      title: (p) => `${p.c.short}公共绿地被占用种菜`,
      detail: (p) => `${p.c.short}有居民毁绿种菜，公共绿地被围起来，影响环境。`,
    },
    {
      topic: '病虫害',
      title: (p) => `${at(p)}绿化带病虫害`,
      detail: (p) => `${at(p)}绿化带出现大量虫害，树叶被啃食，请尽快防治。`,
    },
  ],
  traffic: [
    {
      topic: '非机动车乱停放',
      title: (p) => `${near(p)}共享单车乱停放`,
      detail: (p) => `${near(p)}共享单车和电动车乱停放，把盲道和人行道都堵住了。`,
    },
    {
      topic: '车辆违停',
      title: (p) => `${p.c.short}门口车辆违停`,
      detail: (p) => `${p.c.short}门口长期有车辆违停，消防通道被堵。`,
    },
    {
      topic: '信号灯配时',
      title: (p) => `${p.road}与${p.road2}交叉口信号灯时间不合理`,
      detail: (p) =>
        `${p.road}与${p.road2}交叉口左转绿灯时间太短，早晚高峰排队很长，建议调整配时。`,
    },
    {
      topic: '公交站台破损',
      title: (p) => `${p.road}${p.c.short}公交站台破损`,
      detail: (p) => `${p.road}${p.c.short}公交站台顶棚破损，下雨时候车乘客无处避雨。`,
    },
  ],
  environment: [
    {
      topic: '夜间施工噪声',
      title: (p) => `${p.c.short}附近工地夜间施工扰民`,
      detail: (p) => `${p.c.short}附近工地晚上十点以后仍在施工，噪声很大，影响居民休息。`,
    },
    {
      topic: '餐饮油烟',
      title: (p) => `${near(p)}餐饮店油烟扰民`,
      detail: (p) => `${near(p)}一家餐饮店油烟直排，楼上住户无法开窗。`,
    },
    {
      topic: '异味',
      title: (p) => `${p.c.street.short}一带有刺鼻异味`,
      detail: (p) => `${p.c.street.short}一带傍晚常有刺鼻异味，疑似有企业排放废气。`,
    },
    {
      topic: '河道发黑发臭',
      title: (p) => `${p.river}${p.c.short}段河水发臭`,
      detail: (p) => `${p.river}${p.c.short}段河水发黑发臭，水面有漂浮物。`,
    },
    {
      topic: '广场舞噪声',
      title: (p) => `${p.c.short}广场舞音响声音过大`,
      detail: (p) => `${p.c.short}广场每晚有人跳广场舞，音响开得很大，一直到九点多。`,
    },
  ],
  construction: [
    {
      topic: '违章搭建',
      title: (p) => `${estate(p)}楼顶违章搭建`,
      detail: (p) => `${estate(p)}楼顶有住户正在搭建彩钢房，疑似违法建设。`,
    },
    {
      topic: '占用公共空间',
      title: (p) => `${estate(p)}一楼住户圈占公共空间`,
      detail: (p) => `${estate(p)}一楼住户私自扩建院子，占用了小区公共通道。`,
    },
    {
      topic: '擅自改变结构',
      title: (p) => `${near(p)}店铺擅自拆改承重墙`,
      detail: (p) => `${near(p)}有店铺装修时拆改承重墙，担心影响楼房安全。`,
    },
  ],
  food: [
    {
      topic: '无证经营',
      title: (p) => `${near(p)}小餐馆无证经营`,
      detail: (p) => `${near(p)}有一家小餐馆无证经营，后厨卫生条件很差。`,
    },
    {
      topic: '过期食品',
      title: (p) => `${p.c.short}附近超市销售过期食品`,
      detail: (p) => `在${p.c.short}附近一家超市买到过期食品，要求商家处理。`,
    },
    {
      topic: '食品卫生',
      title: (p) => `${near(p)}早餐店卫生差`,
      detail: (p) => `${near(p)}早餐店操作人员未戴口罩手套，食材露天摆放。`,
    },
  ],
  housing: [
    {
      topic: '电梯故障',
      title: (p) => `${estate(p)}电梯经常故障`,
      detail: (p) => `${estate(p)}电梯经常故障停运，老人上下楼非常困难。`,
    },
    {
      topic: '物业不作为',
      title: (p) => `${p.c.short}物业管理不到位`,
      detail: (p) => `${p.c.short}物业对楼道杂物、门禁损坏等问题长期不处理。`,
    },
    {
      topic: '房屋漏水',
      title: (p) => `${estate(p)}楼顶漏水`,
      detail: (p) => `${estate(p)}顶楼下雨漏水，找物业多次未解决。`,
    },
    {
      topic: '停水',
      title: (p) => `${p.c.short}无故停水`,
      detail: (p) => `${p.c.short}今天早上开始停水，没有提前通知。`,
    },
  ],
};

const QUESTIONS: Readonly<Record<Exclude<Family, 'other'>, string>> = {
  municipal: '路灯、井盖报修渠道及处理时限',
  drainage: '小区化粪池清掏由哪个部门负责',
  sanitation: '垃圾分类投放时间和大件垃圾清运',
  greenery: '小区绿化树木修剪审批流程',
  traffic: '道路施工期间公交线路调整情况',
  environment: '夜间施工许可及噪声投诉方式',
  construction: '老旧小区加装电梯审批流程',
  food: '办理食品经营许可证所需材料',
  housing: '住宅专项维修资金使用流程',
};

const SUGGESTIONS: Readonly<Record<Exclude<Family, 'other'>, string>> = {
  municipal: '增设路灯',
  drainage: '改造排水管网',
  sanitation: '增加垃圾分类投放点',
  greenery: '增加绿地和休闲座椅',
  traffic: '增设非机动车停放点',
  environment: '增设噪声监测显示屏',
  construction: '加强违建巡查',
  food: '规范早餐摊点',
  housing: '推进老旧小区改造',
};

const CHANNEL_LEAD: Readonly<Record<TicketChannel, string>> = {
  hotline: '市民来电反映：',
  web: '市民通过网站反映：',
  app: '市民通过政务APP反映：',
  miniprogram: '市民通过12345微信小程序反映：',
  grid: '网格员巡查上报：',
  video: '智能视频巡查识别：',
};

const CLOSINGS = ['请相关部门尽快处理。', '希望尽快解决。', '请予以核实处理。', ''];

/** A category the templates do not know (教育, 医疗 …): its own name, said plainly. */
function genericIssues(name: string): readonly Issue[] {
  return [
    {
      topic: name,
      title: (p) => `${at(p)}${name}问题`,
      detail: (p) => `${at(p)}存在${name}方面的问题，影响周边居民生活，多次反映未得到解决。`,
    },
    {
      topic: name,
      title: (p) => `反映${p.c.short}${name}方面的诉求`,
      detail: (p) =>
        `${p.c.street.short}${p.c.short}居民反映${name}方面的问题，希望有关部门协调处理。`,
    },
  ];
}

const generic = new Map<string, readonly Issue[]>();

/** The issue templates of a category: its family's, or plain ones in its own name. */
export function issuesOf(category: SimCategory): readonly Issue[] {
  if (category.family !== 'other') return ISSUES[category.family];
  let issues = generic.get(category.name);
  if (!issues) generic.set(category.name, (issues = genericIssues(category.name)));
  return issues;
}

const questionOf = (category: SimCategory): string =>
  category.family === 'other' ? `${category.name}相关政策及办理流程` : QUESTIONS[category.family];
const suggestionOf = (category: SimCategory): string =>
  category.family === 'other' ? `加强${category.name}方面的服务` : SUGGESTIONS[category.family];

export interface TicketText {
  title: string;
  description: string;
}

export function ticketText(
  rng: Rng,
  category: SimCategory,
  type: TicketType,
  channel: TicketChannel,
  place: TextPlace,
  repeat: boolean,
): TicketText {
  const text = templateText(rng, category, type, channel, place, repeat);
  // Drawn after the template's draws, so the other tickets' text is what it always was.
  return rng.chance(TYPED_PERSONAL_SHARE) ? withTypedPersonalData(rng, text, place) : text;
}

function templateText(
  rng: Rng,
  category: SimCategory,
  type: TicketType,
  channel: TicketChannel,
  place: TextPlace,
  repeat: boolean,
): TicketText {
  const issue = rng.pick(issuesOf(category));
  const lead = CHANNEL_LEAD[channel];
  const closing = repeat ? '此前已反映过，问题仍未解决。' : rng.pick(CLOSINGS);
  const department = category.departmentName;
  switch (type) {
    case 'inquiry':
      return {
        title: `咨询${questionOf(category)}`,
        description: `${lead}居住在${place.c.street.short}${place.c.short}，想咨询${questionOf(category)}。`,
      };
    case 'suggestion':
      return {
        title: `建议在${place.c.village ? place.c.short : place.road}${suggestionOf(category)}`,
        description: `${lead}${issue.detail(place)}建议在${place.c.village ? place.c.short : place.road}${suggestionOf(category)}。`,
      };
    case 'praise':
      return {
        title: `表扬${department}工作人员`,
        description: `${lead}此前反映${issue.title(place)}的问题，${department}工作人员很快到场处理，服务热情，特此表扬。`,
      };
    default:
      return { title: issue.title(place), description: `${lead}${issue.detail(place)}${closing}` };
  }
}

/**
 * Share of citizen tickets whose text carries personal data the citizen typed in, as real ones
 * do: a phone number, a name, an ID number, a home address, a WeChat id or an e-mail address
 * (about 3 % of all tickets, video and grid ones included). All of it is fake: numbers
 * 1xx0000xxxx, IDs of people born in 1900, names 测试/示例…, addresses at example.com.
 */
export const TYPED_PERSONAL_SHARE = 0.035;

const WECHAT_NAMES = ['lin', 'zhang', 'chen', 'wang', 'huang', 'zheng', 'wu', 'li'] as const;

const fakePhone = (rng: Rng): string =>
  rng.pick(PHONE_PREFIXES) + '0000' + String(rng.int(10_000)).padStart(4, '0');
const fakeName = (rng: Rng): string => rng.pick(SURNAMES) + rng.pick(FAKE_GIVEN_NAMES);

function typedPersonalData(rng: Rng, place: TextPlace): string {
  const kind = rng.int(8);
  switch (kind) {
    case 0:
      return `联系电话${fakePhone(rng)}。`;
    case 1:
      return `我叫${fakeName(rng)}，电话${fakePhone(rng)}，请回电。`;
    case 2:
      return `本人${fakeName(rng)}，身份证${fakeIdNumber(rng, place.c.district.code)}。`;
    case 3: {
      const home = place.c.village
        ? `${place.c.short}${(place.no % 12) + 1}组${place.no}号`
        : `${place.road}${place.no}号${1 + rng.int(6)}单元${1 + rng.int(18)}0${1 + rng.int(6)}室`;
      return `家住${home}，联系人${fakeName(rng)}。`;
    }
    case 4:
      return `有事可加微信 ${rng.pick(WECHAT_NAMES)}_test${String(rng.int(100)).padStart(2, '0')}。`;
    case 5: {
      const phone = fakePhone(rng);
      return `联系手机 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}。`;
    }
    case 6:
      return `处理结果请发邮箱 ${rng.pick(WECHAT_NAMES)}.test${rng.int(100)}@example.com。`;
    default:
      return `姓名：${fakeName(rng)}，手机号${fakePhone(rng)}，身份证号${fakeIdNumber(rng, place.c.district.code)}。`;
  }
}

function withTypedPersonalData(rng: Rng, text: TicketText, place: TextPlace): TicketText {
  // Now and then the phone number lands in the title too.
  const title = rng.chance(0.25) ? `${text.title}（电话${fakePhone(rng)}）` : text.title;
  return {
    title: title.slice(0, 200),
    description: `${text.description}${typedPersonalData(rng, place)}`.slice(0, 2000),
  };
}

const DETECTION_TEXT: Readonly<Record<DetectionType, string>> = {
  bike_parking: '非机动车乱停放',
  street_vending: '占道经营',
  umbrella: '违规撑伞',
  exposed_garbage: '暴露垃圾',
  laundry: '沿街晾挂',
  illegal_parking: '机动车违停',
  uncovered_truck: '渣土车未覆盖',
  missing_manhole: '井盖缺失',
};

export const detectionTypeName = (type: DetectionType): string => DETECTION_TEXT[type];

export function detectionTicketText(
  detection: { type: DetectionType; source: Detection['source'] },
  place: TextPlace,
  hotspotName: string | null,
): TicketText {
  const what = DETECTION_TEXT[detection.type];
  const where = hotspotName ?? at(place);
  const lead = detection.source === 'camera' ? CHANNEL_LEAD.video : CHANNEL_LEAD.grid;
  return {
    title: `${where}${what}`,
    description: `${lead}${where}发现${what}问题，已拍照取证，请责任单位到场处置。`,
  };
}

/** Text of the extra tickets an incident raises. */
export function incidentTicketText(
  kind: 'rainstorm' | 'pollution' | 'signal-faults',
  rng: Rng,
  place: TextPlace,
): TicketText {
  switch (kind) {
    case 'rainstorm': {
      const depth = 20 + rng.int(40);
      return rng.chance(0.7)
        ? {
            title: `${at(place)}严重积水`,
            description: `${CHANNEL_LEAD.hotline}暴雨导致${at(place)}积水约${depth}厘米，车辆无法通行，请尽快排涝。`,
          }
        : {
            title: `${estate(place)}地下车库进水`,
            description: `${CHANNEL_LEAD.hotline}${estate(place)}地下车库进水，多辆车被泡，请排水部门尽快抽排。`,
          };
    }
    case 'pollution':
      return {
        title: `${place.c.street.short}空气有明显烟尘味`,
        description: `${CHANNEL_LEAD.app}${place.c.street.short}一带空气浑浊，有明显烟尘味，怀疑附近有焚烧或企业排放。`,
      };
    default:
      return {
        title: `${place.road}与${place.road2}交叉口信号灯故障`,
        description: `${CHANNEL_LEAD.hotline}${place.road}与${place.road2}交叉口信号灯不亮（或一直黄闪），路口车辆拥堵。`,
      };
  }
}

/** Hostile strings the client must render as plain text (XSS, javascript: URLs, ECharts rich text). */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{a|x}',
  '{b|<b>}',
  '"><svg onload=alert(1)>',
  '{@title}{c}',
  '\u202e反向文本',
] as const;

export function hostile(rng: Rng, text: TicketText): TicketText {
  const a = rng.pick(HOSTILE_STRINGS);
  const b = rng.pick(HOSTILE_STRINGS);
  return {
    title: `${text.title}${a}`.slice(0, 200),
    description: `${b}${text.description}${a}`,
  };
}

// GB 11643 check digit.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-character ID number that is well-formed but fake: born in 1900 in the given region. */
export function fakeIdNumber(rng: Rng, region: string): string {
  const day = 1 + rng.int(365);
  const date = new Date(Date.UTC(1900, 0, day));
  const body =
    region.slice(0, 6).padEnd(6, '0') +
    '1900' +
    String(date.getUTCMonth() + 1).padStart(2, '0') +
    String(date.getUTCDate()).padStart(2, '0') +
    String(rng.int(1000)).padStart(3, '0');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(body[i]) * (ID_WEIGHTS[i] ?? 0);
  return body + (ID_CHECK[sum % 11] ?? '0');
}

export function fakeReporter(rng: Rng, region: string): Reporter {
  return {
    name: fakeName(rng),
    phone: fakePhone(rng),
    idNumber: rng.chance(0.7) ? fakeIdNumber(rng, region) : null,
  };
}

export function addressOf(place: TextPlace, cityName: string): string {
  const c = place.c;
  const prefix = `${cityName}${c.district.name}${c.street.name}${c.short}`;
  return c.village
    ? `${prefix}${(place.no % 12) + 1}组${place.no}号`
    : `${prefix}${place.road}${place.no}号`;
}
