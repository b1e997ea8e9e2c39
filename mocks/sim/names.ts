// Place names and fake personal names. Fuzhou's tables are keyed by division code; any other city
// derives its own from its geography (roads and rivers named after its districts and towns,
// population weights from its communities).

/** Roads every Chinese town has: Fuzhou's county towns, and the filler of a derived list. */
export const GENERIC_ROADS = [
  '人民路',
  '中山路',
  '解放路',
  '建设路',
  '胜利路',
  '滨江路',
  '东门路',
  '西门路',
  '城关路',
  '府前路',
  '新华路',
  '环城路',
] as const;

/** Main roads of Fuzhou's districts, for addresses and intersection names. */
export const FUZHOU_ROADS: Readonly<Record<string, readonly string[]>> = {
  '350102': [
    '五四路',
    '八一七北路',
    '东街',
    '杨桥东路',
    '杨桥中路',
    '湖东路',
    '华林路',
    '鼓屏路',
    '古田路',
    '温泉路',
    '北环中路',
    '西二环北路',
    '白马北路',
    '湖滨路',
    '铜盘路',
    '西洪路',
    '梦山路',
    '乌山路',
    '津泰路',
    '屏西路',
    '福飞路',
    '工业路',
    '五一北路',
    '二环路',
  ],
  '350103': [
    '八一七中路',
    '五一中路',
    '工业路',
    '江滨西大道',
    '江滨中大道',
    '国货西路',
    '国货东路',
    '六一中路',
    '六一南路',
    '白马中路',
    '白马南路',
    '广达路',
    '群众路',
    '鳌峰路',
    '交通路',
    '达道路',
    '上浦路',
    '宁化路',
    '茶亭街',
    '古田路',
    '长乐中路',
    '连江中路',
  ],
  '350104': [
    '则徐大道',
    '首山路',
    '南江滨西大道',
    '南江滨东大道',
    '金山大道',
    '建新北路',
    '建新中路',
    '浦上大道',
    '福湾路',
    '盘屿路',
    '闽江大道',
    '三环路',
    '二环路',
    '对湖路',
    '上三路',
    '六一南路',
    '城门路',
    '橘园洲路',
  ],
  '350111': [
    '福新中路',
    '福新东路',
    '连江北路',
    '长乐北路',
    '福马路',
    '塔头路',
    '东二环路',
    '北三环路',
    '化工路',
    '秀峰路',
    '福光路',
    '岳峰路',
    '晋连路',
    '新店外环路',
    '国货东路',
    '二环路',
    '福飞北路',
    '鹤林路',
  ],
  '350105': [
    '江滨东大道',
    '罗星路',
    '君竹路',
    '儒江西路',
    '福马路',
    '快安大道',
    '马尾大道',
    '沿山路',
    '湖里路',
    '魁岐路',
  ],
  '350112': [
    '吴航路',
    '郑和中路',
    '郑和东路',
    '胜利路',
    '会堂路',
    '广场路',
    '东关路',
    '航城大道',
    '首占路',
    '长安路',
  ],
  '350121': [
    '乌龙江大道',
    '国宾大道',
    '高新大道',
    '学府南路',
    '溪源江路',
    '旗山大道',
    '昙石山大道',
    '文山路',
    '甘蔗路',
    '上街大道',
  ],
  '350181': [
    '福唐路',
    '清昌大道',
    '元洪路',
    '龙江路',
    '玉屏路',
    '石竹路',
    '音西路',
    '宏路大道',
    '融侨路',
    '一拂路',
  ],
  '350128': ['北环路', '龙山路', '西航路', '金井路', '环岛路', '城关路'],
  // County towns without a table of their own: the generic list.
  '350122': GENERIC_ROADS,
  '350123': GENERIC_ROADS,
  '350124': GENERIC_ROADS,
  '350125': GENERIC_ROADS,
};

/** Inner rivers and rivers by district (water-quality points are named after them). */
export const FUZHOU_RIVERS: Readonly<Record<string, readonly string[]>> = {
  '350102': ['白马河', '安泰河', '东西河', '屏东河', '湖前河', '琼东河'],
  '350103': ['白马河', '晋安河', '光明港', '达道河', '三捷河', '打铁港', '瀛洲河', '茶亭河'],
  '350104': ['浦下河', '胪雷河', '跃进河', '龙津河', '盘屿河', '林浦河', '乌龙江', '闽江南港'],
  '350111': ['晋安河', '光明港', '凤坂河', '磨洋河', '新店溪', '登云溪', '浦东河'],
  '350105': ['闽江', '儒江', '快安河'],
  '350112': ['闽江口', '首占河', '龙门溪'],
  '350121': ['闽江', '乌龙江', '大樟溪'],
  '350122': ['敖江', '鳌江支流'],
  '350123': ['起步溪', '罗源溪'],
  '350124': ['闽江', '梅溪'],
  '350125': ['大樟溪', '清凉溪'],
  '350128': ['竹屿湖', '三十六脚湖'],
  '350181': ['龙江', '渔溪', '东张水库'],
};
export const GENERIC_RIVERS = ['城区河道', '溪流', '排洪渠'] as const;

/** Which rivers count as main rivers (a stricter target class). */
export const MAIN_RIVERS: ReadonlySet<string> = new Set([
  '闽江',
  '乌龙江',
  '闽江南港',
  '闽江口',
  '大樟溪',
  '敖江',
  '龙江',
  '梅溪',
  '东张水库',
]);

/** Population by district, millions (approximate, for weighting arrivals). */
export const FUZHOU_POPULATION: Readonly<Record<string, number>> = {
  '350102': 0.7,
  '350103': 0.45,
  '350104': 0.9,
  '350111': 0.9,
  '350105': 0.25,
  '350112': 0.7,
  '350121': 0.9,
  '350122': 0.6,
  '350123': 0.2,
  '350124': 0.25,
  '350125': 0.25,
  '350128': 0.35,
  '350181': 1.3,
};

/**
 * Built-up parts of each district: signals, cameras, micro-stations and waterlogging points go
 * there. Streets are matched by name prefix; a district absent here uses its 街道 only.
 */
export const FUZHOU_URBAN_STREETS: Readonly<Record<string, readonly string[] | 'all'>> = {
  '350102': 'all',
  '350103': 'all',
  '350104': 'all',
  '350111': ['茶园', '王庄', '象园', '鼓山', '新店', '岳峰'],
  '350105': ['罗星', '马尾'],
  '350112': ['吴航', '航城', '营前', '首占'],
  '350121': ['甘蔗', '上街', '南屿', '荆溪'],
  '350181': ['玉屏', '龙山', '龙江', '宏路', '音西', '石竹', '阳下'],
  '350122': ['凤城'],
  '350123': ['凤山'],
  '350124': ['梅城'],
  '350125': ['樟城'],
  '350128': ['海坛'],
};

/** Fujian's common surnames; given names are obviously fake. */
export const SURNAMES = [
  '张',
  '王',
  '李',
  '陈',
  '林',
  '黄',
  '郑',
  '吴',
  '刘',
  '杨',
  '何',
  '周',
  '徐',
  '朱',
  '高',
  '邱',
  '游',
  '卓',
  '魏',
  '郭',
  '潘',
  '叶',
  '翁',
  '江',
  '曾',
] as const;
export const FAKE_GIVEN_NAMES = ['测试', '示例', '演示', '样例', '模拟'] as const;
export const PHONE_PREFIXES = [
  '138',
  '139',
  '137',
  '135',
  '150',
  '158',
  '159',
  '186',
  '187',
  '188',
];

/** Strips the committee suffixes: 中山社区居委会 → 中山社区, 上雁村委会 → 上雁村. */
export function shortCommunityName(name: string): string {
  return name
    .replace(/(村民委员会|村委会|村委|村会)$/, '村')
    .replace(/(社区)?(居民)?(居委会|委员会)$/, '社区');
}

/** 鼓东街道 → 鼓东, 洪山镇 → 洪山, 小沧畲族乡 → 小沧. */
export function shortStreetName(name: string): string {
  const short = name.replace(/(畲族乡|街道|镇|乡|农场|华侨)$/, '');
  return short.length >= 2 ? short : name;
}

/** 鼓楼区 → 鼓楼, 闽侯县 → 闽侯, 福清市 → 福清. */
export function shortDistrictName(name: string): string {
  const short = name.replace(/(区|县|市)$/, '');
  return short.length >= 2 ? short : name;
}

/** Towns and streets that lend their name to roads and streams: 鼓东街道 → 鼓东, 洪山镇 → 洪山. */
function townStems(streets: readonly string[]): string[] {
  return streets
    .filter((name) => /(街道|镇|乡)$/.test(name))
    .map(shortStreetName)
    .filter((stem) => stem.length >= 2 && stem.length <= 3);
}

/**
 * Main roads of a district of a city without a table: named after the district (芗城路,
 * 芗城东路 …) and its towns (东铺头路 …), filled up with the roads every town has.
 */
export function districtRoads(district: string, streets: readonly string[]): string[] {
  const d = shortDistrictName(district);
  const names = [
    `${d}路`,
    `${d}大道`,
    `${d}东路`,
    `${d}西路`,
    `${d}南路`,
    `${d}北路`,
    ...townStems(streets)
      .slice(0, 10)
      .map((t) => `${t}路`),
    ...GENERIC_ROADS.slice(0, 6),
  ];
  return [...new Set(names)];
}

/** Rivers of a district of a city without a table: its inner river, its towns' streams, a channel. */
export function districtRivers(district: string, streets: readonly string[]): string[] {
  const d = shortDistrictName(district);
  const streams = townStems(streets)
    .slice(0, 3)
    .map((t) => (/[溪江河]$/.test(t) ? t : `${t}溪`));
  return [...new Set([`${d}内河`, ...streams, '排洪渠'])];
}

/**
 * Population weight (millions) of a district of a city without a table, from its communities:
 * about 8,000 people per urban community (社区) and 4,000 per village (村).
 */
export function districtPopulation(communities: readonly string[]): number {
  const villages = communities.filter((c) => shortCommunityName(c).endsWith('村')).length;
  const urban = communities.length - villages;
  return Math.max(0.01, (urban * 8_000 + villages * 4_000) / 1e6);
}
