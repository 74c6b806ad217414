/* Registry tables of the demo data set: sectors (界别), committees, units,
 * people's names and workplaces. Fictional city 示例市 with its districts
 * 东湖区, 西岭区, 南河区, 北塘区, 示例高新区 and the county 示例县. */
#include "demo_internal.h"
#include <string.h>

/* Workplace lines: the first byte names the title type (demo_titles_for). */
static const char *const o_ccp[] = {
    "P中共示例市东湖区委员会", "P中共示例市西岭区委员会", "W示例市人民政府办公室", "W中共示例市委政策研究室",
    "G示例市机关事务管理局", "P中共示例县委员会", "W示例市发展和改革委员会", "G示例市财政局",
    "N示例市东湖区湖滨街道", "E示例市城市建设投资集团有限公司", "S示例市第一中学", "H示例市第一人民医院", NULL };
static const char *const o_youth[] = {
    "A共青团示例市委员会", "A示例市青年联合会", "E示例青创科技有限公司", "S示例市第二中学",
    "N示例市西岭区青年创业园", "A示例学院团委", NULL };
static const char *const o_union[] = {
    "A示例市总工会", "E示例钢铁集团有限公司", "E示例公共交通集团有限公司", "E国网示例供电公司",
    "E示例机床股份有限公司", "N示例市东湖区总工会", NULL };
static const char *const o_women[] = {
    "A示例市妇女联合会", "N示例市南河区妇女联合会", "E示例家政服务有限公司", "H示例市妇幼保健院",
    "L示例正和律师事务所", "S示例市第一幼儿园", NULL };
static const char *const o_biz[] = {
    "E示例新材料股份有限公司", "E示例电子科技有限公司", "E示例食品集团有限公司", "E示例建工集团有限公司",
    "E示例物流有限公司", "E示例纺织有限公司", "A示例市工商业联合会", "E示例汽车零部件有限公司",
    "E示例现代农业发展有限公司", "E示例医药有限公司", "A示例市商会", NULL };
static const char *const o_sci[] = {
    "A示例市科学技术协会", "R示例市农业科学研究院", "R示例市环境科学研究所", "U示例学院",
    "E示例生物技术有限公司", "R示例高新区产业技术研究院", "E示例智能装备有限公司", NULL };
static const char *const o_tw[] = {
    "A示例市台湾同胞联谊会", "E示例台资精密电子有限公司", "S示例市第四中学", "H示例市第二人民医院", NULL };
static const char *const o_ovs[] = {
    "A示例市归国华侨联合会", "E示例侨商投资有限公司", "U示例学院", "M示例广播电视台", NULL };
static const char *const o_arts[] = {
    "T示例市歌舞剧院", "K示例市博物馆", "K示例市图书馆", "A示例市文学艺术界联合会", "T示例市地方戏曲剧团",
    "A示例市书法家协会", "A示例市美术家协会", "K示例市文化馆", NULL };
static const char *const o_scitech[] = {
    "R示例市农业科学研究院", "R示例高新区产业技术研究院", "E示例智能装备有限公司", "U示例学院",
    "E示例新能源科技有限公司", "R示例市计量测试研究所", "E示例软件股份有限公司", NULL };
static const char *const o_social_sci[] = {
    "R示例市社会科学院", "U示例学院", "W中共示例市委党校", "R示例市地方志编纂中心", "L示例明法律师事务所", NULL };
static const char *const o_econ[] = {
    "E示例新材料股份有限公司", "B示例农村商业银行股份有限公司", "E示例电子科技有限公司", "E示例食品集团有限公司",
    "E示例城市建设投资集团有限公司", "E示例港务集团有限公司", "B中国工商银行示例市分行", "E示例文化旅游发展集团有限公司",
    "E示例建工集团有限公司", "E示例物流有限公司", "B示例市融资担保有限公司", "E示例数字科技有限公司",
    "E示例光伏科技有限公司", "E示例医疗器械有限公司", NULL };
static const char *const o_agri[] = {
    "V示例县青山镇柳树村", "V示例市东湖区鲜果种植专业合作社", "R示例市农业科学研究院", "E示例现代农业发展有限公司",
    "G示例市农业农村局", "V示例县白沙镇茶叶专业合作社", "E示例粮油食品有限公司", "V示例市北塘区石桥村", NULL };
static const char *const o_edu[] = {
    "S示例市第一中学", "S示例市实验小学", "S示例市第二中学", "U示例学院", "U示例职业技术学院", "S示例市特殊教育学校",
    "S示例市第一幼儿园", "S示例市东湖区育才小学", "G示例市教育局", "S示例县第一中学", "S示例市技师学院", NULL };
static const char *const o_sports[] = {
    "Y示例市体育运动学校", "Y示例市全民健身中心", "G示例市体育局", "A示例市体育总会", "S示例市第二中学", NULL };
static const char *const o_media[] = {
    "M示例日报社", "M示例广播电视台", "M示例市融媒体中心", "M示例出版传媒有限公司", "A示例市新闻工作者协会", NULL };
static const char *const o_health[] = {
    "H示例市第一人民医院", "H示例市第二人民医院", "H示例市中医院", "H示例市妇幼保健院", "C示例市疾病预防控制中心",
    "H示例县人民医院", "H示例市精神卫生中心", "C示例市东湖区社区卫生服务中心", "H示例市儿童医院",
    "C示例市急救中心", NULL };
static const char *const o_friend[] = {
    "A示例市人民对外友好协会", "E示例进出口有限公司", "U示例学院外国语学院", "W示例市人民政府外事办公室", NULL };
static const char *const o_welfare[] = {
    "A示例市慈善总会", "C示例市社会福利院", "A示例市残疾人联合会", "E示例康养产业有限公司", "C示例市救助管理站",
    "N示例市南河区幸福社区", NULL };
static const char *const o_ethnic[] = {
    "W示例市民族宗教事务局", "E示例清真食品有限公司", "S示例市民族中学", "N示例市北塘区民族团结社区",
    "H示例市中医院", NULL };
static const char *const o_religion[] = {
    "Z示例市佛教协会", "Z示例市道教协会", "Z示例市伊斯兰教协会", "Z示例市基督教两会", "Z示例市天主教爱国会", NULL };
static const char *const o_env[] = {
    "R示例市环境科学研究所", "E示例环保科技有限公司", "C示例市环境监测中心", "E示例水务集团有限公司",
    "U示例学院", "E示例林业发展有限公司", NULL };
static const char *const o_hk[] = { "F示例（香港）投资有限公司", "F香港示例商贸集团有限公司", NULL };
static const char *const o_mo[] = { "F澳门示例实业有限公司", NULL };
static const char *const o_special[] = {
    "W示例市人大常委会办公室", "G示例市退役军人事务局", "L示例正和律师事务所", "H示例市第一人民医院",
    "E示例城市建设投资集团有限公司", "A示例市老科技工作者协会", "N示例市东湖区湖滨街道", "U示例学院", NULL };
static const char *const o_party_kmt[] = {
    "D民革示例市委员会", "L示例明法律师事务所", "U示例学院", "E示例建工集团有限公司", "S示例市第四中学", NULL };
static const char *const o_party_dl[] = {
    "D民盟示例市委员会", "U示例学院", "S示例市第一中学", "S示例市实验小学", "U示例职业技术学院", "R示例市社会科学院", NULL };
static const char *const o_party_mj[] = {
    "D民建示例市委员会", "E示例电子科技有限公司", "B示例农村商业银行股份有限公司", "E示例恒信会计师事务所有限公司",
    "E示例物流有限公司", NULL };
static const char *const o_party_mcp[] = {
    "D民进示例市委员会", "S示例市第二中学", "M示例出版传媒有限公司", "K示例市图书馆", "S示例市东湖区育才小学", NULL };
static const char *const o_party_ng[] = {
    "D农工党示例市委员会", "H示例市第一人民医院", "H示例市中医院", "C示例市疾病预防控制中心", "H示例市儿童医院", NULL };
static const char *const o_party_zg[] = {
    "D致公党示例市委员会", "E示例侨商投资有限公司", "E示例进出口有限公司", "U示例学院", NULL };
static const char *const o_party_93[] = {
    "D九三学社示例市委员会", "R示例高新区产业技术研究院", "U示例学院", "E示例智能装备有限公司", "R示例市环境科学研究所", NULL };
static const char *const o_party_tm[] = { "D台盟示例市委员会", "E示例台资精密电子有限公司", "H示例市第二人民医院", NULL };
static const char *const o_nonparty[] = {
    "A示例市知识分子联谊会", "U示例学院", "H示例市第一人民医院", "L示例正和律师事务所", "E示例数字科技有限公司", NULL };

/* committees: 0 提案, 1 经济, 2 人资环, 3 教科卫体, 4 社法, 5 民宗港澳台侨, 6 文化文史, 7 农业农村 */
const demo_sector demo_sectors[] = {
    { "中国共产党", 28, "中共", 4, "governance,govservice,bizenv,housing", o_ccp, 25 },
    { "中国国民党革命委员会", 8, "民革", 5, "law,overseas,heritage,governance", o_party_kmt, 30 },
    { "中国民主同盟", 10, "民盟", 3, "edu,publicculture,childcare,youth", o_party_dl, 40 },
    { "中国民主建国会", 10, "民建", 1, "bizenv,finance,manufacture,consumption", o_party_mj, 30 },
    { "中国民主促进会", 9, "民进", 6, "edu,publicculture,heritage,childcare", o_party_mcp, 45 },
    { "中国农工民主党", 9, "农工党", 3, "health,elderly,foodsafety,pollution", o_party_ng, 40 },
    { "中国致公党", 6, "致公党", 5, "overseas,tech,consumption", o_party_zg, 30 },
    { "九三学社", 8, "九三学社", 2, "tech,lowcarbon,pollution,digital", o_party_93, 30 },
    { "台湾民主自治同盟", 3, "台盟", 5, "overseas,bizenv", o_party_tm, 30 },
    { "无党派人士", 8, "无党派", 0, "govservice,law,digital,housing", o_nonparty, 35 },
    { "共青团", 5, NULL, 3, "youth,jobs,edu", o_youth, 40 },
    { "工会", 7, NULL, 4, "jobs,safety,manufacture", o_union, 30 },
    { "妇联", 7, NULL, 4, "childcare,welfare,jobs", o_women, 100 },
    { "青联", 6, NULL, 1, "youth,digital,jobs", o_youth, 35 },
    { "工商联", 12, NULL, 1, "bizenv,finance,manufacture,consumption", o_biz, 20 },
    { "科协", 7, NULL, 3, "tech,digital,edu", o_sci, 30 },
    { "台联", 3, NULL, 5, "overseas,tourism", o_tw, 35 },
    { "侨联", 4, NULL, 5, "overseas,consumption", o_ovs, 35 },
    { "文化艺术界", 12, NULL, 6, "publicculture,heritage,tourism", o_arts, 40 },
    { "科学技术界", 11, NULL, 3, "tech,digital,manufacture", o_scitech, 25 },
    { "社会科学界", 9, NULL, 6, "governance,law,heritage,publicculture", o_social_sci, 35 },
    { "经济界", 24, NULL, 1, "bizenv,finance,manufacture,consumption,digital", o_econ, 20 },
    { "农业界", 11, NULL, 7, "rural,foodsafety,water", o_agri, 20 },
    { "教育界", 16, NULL, 3, "edu,youth,childcare", o_edu, 50 },
    { "体育界", 5, NULL, 3, "sports,youth", o_sports, 30 },
    { "新闻出版界", 6, NULL, 6, "publicculture,governance,heritage", o_media, 40 },
    { "医药卫生界", 16, NULL, 3, "health,elderly,foodsafety", o_health, 45 },
    { "对外友好界", 5, NULL, 5, "overseas,consumption,tourism", o_friend, 40 },
    { "社会福利和社会保障界", 8, NULL, 4, "welfare,elderly,jobs", o_welfare, 45 },
    { "少数民族界", 6, NULL, 5, "overseas,rural,heritage", o_ethnic, 40 },
    { "宗教界", 6, NULL, 5, "overseas,heritage,welfare", o_religion, 20 },
    { "环境资源界", 6, NULL, 2, "pollution,greening,water,lowcarbon", o_env, 30 },
    { "特邀香港人士", 2, "无党派", 5, "overseas,bizenv,finance", o_hk, 0 },
    { "特邀澳门人士", 1, "无党派", 5, "overseas,tourism", o_mo, 0 },
    { "特别邀请人士", 12, NULL, 4, "governance,law,safety,traffic", o_special, 30 },
};
const int demo_sector_count = sizeof demo_sectors / sizeof demo_sectors[0];

const char *const demo_committees[] = {
    "提案委员会", "经济委员会", "人口资源环境委员会", "教科卫体委员会", "社会和法制委员会",
    "民族宗教和港澳台侨委员会", "文化文史和学习委员会", "农业和农村委员会",
};
const int demo_committee_count = sizeof demo_committees / sizeof demo_committees[0];

const demo_unit_def demo_city_units[] = {
    { "市发展和改革委员会", "government", "drc", "副主任" },
    { "市教育局", "government", "edu", "副局长" },
    { "市科学技术局", "government", "sci", "副局长" },
    { "市工业和信息化局", "government", "mii", "副局长" },
    { "市公安局", "government", "police", "副局长" },
    { "市民政局", "government", "civil", "副局长" },
    { "市司法局", "government", "justice", "副局长" },
    { "市财政局", "government", "finance", "副局长" },
    { "市人力资源和社会保障局", "government", "hr", "副局长" },
    { "市自然资源和规划局", "government", "land", "副局长" },
    { "市生态环境局", "government", "env", "副局长" },
    { "市住房和城乡建设局", "government", "housing", "副局长" },
    { "市交通运输局", "government", "transport", "副局长" },
    { "市水利局", "government", "water", "副局长" },
    { "市农业农村局", "government", "agri", "副局长" },
    { "市商务局", "government", "commerce", "副局长" },
    { "市文化广电旅游局", "government", "culture", "副局长" },
    { "市卫生健康委员会", "government", "health", "副主任" },
    { "市退役军人事务局", "government", "veterans", "副局长" },
    { "市应急管理局", "government", "emergency", "副局长" },
    { "市审计局", "government", "audit", "副局长" },
    { "市市场监督管理局", "government", "market", "副局长" },
    { "市统计局", "government", "stats", "副局长" },
    { "市医疗保障局", "government", "medins", "副局长" },
    { "市城市管理局", "government", "urban", "副局长" },
    { "市体育局", "government", "sports", "副局长" },
    { "市数据局", "government", "data", "副局长" },
    { "市林业局", "government", "forestry", "副局长" },
    { "市政务服务管理局", "government", "govsvc", "副局长" },
    { "市地方金融管理局", "government", "fin", "副局长" },
    { "市民族宗教事务局", "government", "ethnic", "副局长" },
    { "市人民政府外事办公室", "government", "foreign", "副主任" },
    { "市消防救援支队", "government", "fire", "副支队长" },
    { "市中级人民法院", "court", "court", "副院长" },
    { "市人民检察院", "procuratorate", "procu", "副检察长" },
    { "国网示例供电公司", "enterprise", "power", "副总经理" },
    { "示例市城投集团", "enterprise", "invest", "副总经理" },
    { "示例市水务集团", "enterprise", "waterco", "副总经理" },
    { "示例市公共交通集团", "enterprise", "bus", "副总经理" },
    { "市残疾人联合会", "other", "disabled", "副理事长" },
};
const int demo_city_unit_count = sizeof demo_city_units / sizeof demo_city_units[0];

const demo_unit_def demo_county_units[] = {
    { "县发展和改革局", "government", "drc", "副局长" },
    { "县教育局", "government", "edu", "副局长" },
    { "县卫生健康局", "government", "health", "副局长" },
    { "县住房和城乡建设局", "government", "housing", "副局长" },
    { "县农业农村局", "government", "agri", "副局长" },
};
const int demo_county_unit_count = sizeof demo_county_units / sizeof demo_county_units[0];

const demo_pu_def demo_city_pus[] = {
    { "民革示例市委员会", "party", "law,overseas,heritage" },
    { "民盟示例市委员会", "party", "edu,publicculture,youth" },
    { "民建示例市委员会", "party", "bizenv,finance,manufacture" },
    { "民进示例市委员会", "party", "edu,publicculture,childcare" },
    { "农工党示例市委员会", "party", "health,elderly,pollution" },
    { "致公党示例市委员会", "party", "overseas,tech,consumption" },
    { "九三学社示例市委员会", "party", "tech,lowcarbon,digital" },
    { "台盟示例市委员会", "party", "overseas,bizenv" },
    { "示例市无党派人士联谊会", "sector_group", "govservice,governance,law" },
    { "示例市工商业联合会", "organisation", "bizenv,finance,consumption" },
    { "示例市总工会", "organisation", "jobs,safety" },
    { "共青团示例市委员会", "organisation", "youth,jobs" },
    { "示例市妇女联合会", "organisation", "childcare,welfare" },
    { "示例市科学技术协会", "organisation", "tech,digital" },
    { "示例市归国华侨联合会", "organisation", "overseas" },
    { "示例市台湾同胞联谊会", "organisation", "overseas,tourism" },
};
const int demo_city_pu_count = sizeof demo_city_pus / sizeof demo_city_pus[0];

static const char *const t_hosp[] = { "院长", "副院长", "主任医师", "副主任医师", "科主任", "护理部主任", NULL };
static const char *const t_center[] = { "主任", "副主任", "主任医师", "副主任", NULL };
static const char *const t_school[] = { "校长", "副校长", "高级教师", "教研组长", "党总支书记", NULL };
static const char *const t_univ[] = { "教授", "副教授", "副院长", "党委副书记", "教授、硕士生导师", NULL };
static const char *const t_ent[] = { "董事长", "总经理", "副总经理", "党委书记、董事长", "总工程师", "董事长兼总经理", NULL };
static const char *const t_bureau[] = { "局长", "副局长", "二级巡视员", "副局长", NULL };
static const char *const t_office[] = { "主任", "副主任", "一级调研员", "副主任", NULL };
static const char *const t_party[] = { "书记", "副书记", "常委、组织部部长", "副书记", NULL };
static const char *const t_assoc[] = { "主席", "副主席", "秘书长", "副秘书长", "会长", NULL };
static const char *const t_media[] = { "总编辑", "副总编辑", "主任记者", "高级编辑", NULL };
static const char *const t_law[] = { "主任", "高级合伙人", "律师", "主任律师", NULL };
static const char *const t_research[] = { "院长", "副所长", "研究员", "副研究员", "首席专家", NULL };
static const char *const t_museum[] = { "馆长", "副馆长", "研究馆员", NULL };
static const char *const t_troupe[] = { "团长", "国家一级演员", "艺术总监", "副院长", NULL };
static const char *const t_village[] = { "党支部书记、村委会主任", "理事长", "党支部书记", "高级农艺师", NULL };
static const char *const t_religion[] = { "会长", "副会长", "秘书长", NULL };
static const char *const t_sports[] = { "主任", "高级教练员", "副主任", "校长", NULL };
static const char *const t_bank[] = { "行长", "副行长", "董事长", "总经理", NULL };
static const char *const t_dparty[] = { "专职副主委", "副主委", "秘书长", "主委", NULL };
static const char *const t_hkmo[] = { "董事长", "董事总经理", "执行董事", "副总经理", NULL };
static const char *const t_street[] = { "党工委书记", "办事处主任", "党委书记", "副主任", NULL };

const char *const *demo_titles_for(char type)
{
    switch (type) {
    case 'H': return t_hosp;
    case 'C': return t_center;
    case 'S': return t_school;
    case 'U': return t_univ;
    case 'E': return t_ent;
    case 'G': return t_bureau;
    case 'W': return t_office;
    case 'P': return t_party;
    case 'A': return t_assoc;
    case 'M': return t_media;
    case 'L': return t_law;
    case 'R': return t_research;
    case 'K': return t_museum;
    case 'T': return t_troupe;
    case 'V': return t_village;
    case 'Z': return t_religion;
    case 'Y': return t_sports;
    case 'B': return t_bank;
    case 'D': return t_dparty;
    case 'N': return t_street;
    case 'F': return t_hkmo;
    default: return t_office;
    }
}

/* Common surnames, roughly by frequency (the first ones are drawn more often). */
const char *const demo_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
    "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
    "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
    "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
    "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "上官",
};
const int demo_surname_count = sizeof demo_surnames / sizeof demo_surnames[0];

const char *const demo_given_m[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波",
    "建国", "建华", "志强", "志刚", "国华", "海涛", "永刚", "晓东", "文博", "俊杰", "立新", "振华", "宏伟",
    "世杰", "德明", "成林", "家豪", "子轩", "浩然", "宇航", "泽民", "晨阳", "嘉诚", "天佑", "思远", "铭宇",
    "正阳", "国栋", "学军", "卫东", "建军", "少华", "景辉", "云龙", "长江", "新民", "树林", "开明", "兆丰",
    "启航", "一鸣", "承志", "博文", "瑞祥", "晓峰", "永福", "春生", "庆丰", "鸿飞", "光明", "耀华", "克勤",
};
const int demo_given_m_count = sizeof demo_given_m / sizeof demo_given_m[0];

const char *const demo_given_f[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "蕾", "洁", "琳", "颖", "倩", "雪", "萍",
    "秀英", "桂英", "丽华", "晓燕", "海燕", "美玲", "雅琴", "慧敏", "婉清", "思琪", "梦瑶", "雨桐", "欣怡",
    "佳怡", "诗涵", "晓梅", "红梅", "春燕", "丽娟", "玉兰", "淑芬", "秀兰", "文静", "晓丽", "雅婷", "佳宁",
    "若兰", "心怡", "晓红", "明霞", "素梅", "爱华", "亚楠", "晓雯", "冬梅", "凤英", "少君", "秋菊", "月琴",
};
const int demo_given_f_count = sizeof demo_given_f / sizeof demo_given_f[0];

const char *const demo_minorities[] = {
    "回族", "满族", "蒙古族", "壮族", "苗族", "土家族", "朝鲜族", "彝族", "侗族", "瑶族",
};
const int demo_minority_count = sizeof demo_minorities / sizeof demo_minorities[0];

const char *const demo_democratic_parties[] = { "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", NULL };
