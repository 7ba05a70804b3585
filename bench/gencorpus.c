/*
 * gencorpus - deterministic synthetic corpus of Chinese group standards.
 *
 * What: writes N plain-text documents DIR/doc-000001.txt, doc-000002.txt, ...
 * laid out like GB/T 1.1-2020 standards as they come out of PDF-to-text
 * conversion: cover (ICS/CCS, code, titles, dates, publisher), table of
 * contents, foreword, title, chapters 1 (scope), 2 (normative references),
 * 3 (terms and definitions), 4..9 with clauses down to four levels (6.2.1.3),
 * lists, notes, modal verbs and their false friends, numbers with units,
 * citations of the referenced codes, optional annexes and a bibliography.
 * One paragraph per line; about half the documents separate paragraphs with
 * a blank line, as the samples in data/sample do.  About one document in
 * three also carries PDF-text artifacts: page numbers and running page
 * headers between paragraphs, spaced clause numbers ("5. 2. 1"), half-width
 * punctuation mixed into full-width text, U+3000 ideographic spaces, em or
 * full-width dashes in codes ("GB/T 15624—2011"), "- " bullet prefixes and
 * tab-separated TOC lines.
 *
 * Why: peiyou's benchmarks need a large, realistic and reproducible input
 * set without redistributing real standards.  Every document is a pure
 * function of (--seed, its index, --size), generated with a private
 * splitmix64 generator, so the same arguments give byte-identical files on
 * every platform and the first N documents of a bigger corpus are identical
 * to a corpus of N documents.
 *
 * The codes, titles, organisations and people are invented or merely
 * illustrative; they are not a reference list of real standards.
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror -O2 -D_POSIX_C_SOURCE=200809L \
 *            bench/gencorpus.c -o build/gencorpus
 * (`make bench` builds it as build/obj/bench/gencorpus.)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(d, a) ((a)[rng_below(&(d)->rng, (uint32_t)COUNT(a))])

#define IDEO "\xE3\x80\x80" /* U+3000 IDEOGRAPHIC SPACE */
#define PAGE_EST 3000       /* bytes of text per printed page, for the TOC */

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */
/* ------------------------------------------------------------------ */

typedef struct {
    uint64_t s;
} rng_t;

/* splitmix64 (Steele, Lea, Flood 2014): tiny state, good mixing, and -
 * unlike rand() - the same sequence on every libc. */
static uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, n) by multiply-shift; the bias (< n / 2^32) is
 * irrelevant for text synthesis. */
static uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static int rng_range(rng_t *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static double rng_unit(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(rng_t *r, double p)
{
    return rng_unit(r) < p;
}

/* ------------------------------------------------------------------ */
/* Growable string buffer                                              */
/* ------------------------------------------------------------------ */

typedef struct {
    char *p;
    size_t len, cap;
} sb_t;

static void die_oom(void)
{
    fputs("gencorpus: out of memory\n", stderr);
    exit(1);
}

static void sb_reserve(sb_t *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        die_oom();
    b->p = p;
    b->cap = cap;
}

static void sb_putn(sb_t *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sb_t *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

static void sb_printf(sb_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sb_t *b, const char *fmt, ...)
{
    /* Short results (the usual case) are formatted on the stack; longer
     * ones are formatted again straight into the reserved buffer. */
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    if ((size_t)n < sizeof tmp) {
        sb_putn(b, tmp, (size_t)n);
        return;
    }
    sb_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* ------------------------------------------------------------------ */
/* Vocabulary (public-service domain)                                  */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *zh, *en;
} pair_t;

/* Title domain: "<zh>服务规范" / "Specification for <en> service". */
static const pair_t DOMAINS[] = {
    {"社区居家养老", "community home-based elderly care"},
    {"机构养老", "institutional elderly care"},
    {"老年助餐", "meal assistance for the elderly"},
    {"社区日间照料", "community day care"},
    {"公共就业", "public employment"},
    {"职业技能培训", "vocational skills training"},
    {"职业指导", "career guidance"},
    {"创业孵化", "business incubation"},
    {"社会救助", "social assistance"},
    {"残疾人托养", "custodial care for persons with disabilities"},
    {"困境儿童关爱", "care for children in difficulty"},
    {"家政", "domestic"},
    {"托育", "infant and toddler care"},
    {"社区志愿", "community volunteer"},
    {"社会工作", "social work"},
    {"档案数字化", "records digitization"},
    {"档案寄存", "records custody"},
    {"政务", "government affairs"},
    {"社区便民", "community convenience"},
    {"社区矫正", "community correction"},
    {"心理援助", "psychological assistance"},
    {"法律援助", "legal aid"},
    {"社区卫生", "community health"},
    {"适老化改造", "age-friendly home renovation"},
    {"智慧养老", "smart elderly care"},
    {"人力资源", "human resources"},
    {"退役军人就业", "veteran employment"},
    {"社会保险经办", "social insurance handling"},
};

typedef struct {
    const char *zh, *en_pre, *en_post;
} form_t;

static const form_t FORMS[] = {
    {"服务规范", "Specification for ", " service"},
    {"服务规范", "Service specification for ", ""},
    {"服务质量要求", "Quality requirements for ", " service"},
    {"服务管理规范", "Specification for the management of ", " service"},
    {"服务评价规范", "Specification for the evaluation of ", " service"},
};

typedef struct {
    const char *full, *shortname;
    int province;
} region_t;

static const region_t REGIONS[] = {
    {"广东省", "广东", 1}, {"浙江省", "浙江", 1}, {"江苏省", "江苏", 1},
    {"湖南省", "湖南", 1}, {"四川省", "四川", 1}, {"福建省", "福建", 1},
    {"山东省", "山东", 1}, {"湖北省", "湖北", 1}, {"陕西省", "陕西", 1},
    {"甘肃省", "甘肃", 1}, {"广州市", "广州", 0}, {"深圳市", "深圳", 0},
    {"杭州市", "杭州", 0}, {"成都市", "成都", 0}, {"武汉市", "武汉", 0},
    {"南京市", "南京", 0}, {"苏州市", "苏州", 0}, {"宁波市", "宁波", 0},
    {"厦门市", "厦门", 0}, {"青岛市", "青岛", 0}, {"长沙市", "长沙", 0},
    {"合肥市", "合肥", 0}, {"佛山市", "佛山", 0}, {"重庆市", "重庆", 0},
};

static const char *const ASSOC_FIELDS[] = {
    "养老服务业", "社会工作", "人力资源服务", "家庭服务业", "社区服务",
    "标准化", "就业促进", "慈善", "志愿服务", "档案", "残疾人康复",
    "老年学", "社会保险", "民政事业发展", "公共服务", "托育服务",
};
static const char *const ASSOC_TYPES[] = {"协会", "协会", "联合会", "促进会", "学会", "研究会"};
static const char *const GOV_PROV[] = {"民政厅", "人力资源和社会保障厅", "市场监督管理局", "档案馆", "残疾人联合会", "卫生健康委员会"};
static const char *const GOV_CITY[] = {"民政局", "人力资源和社会保障局", "市场监督管理局", "档案馆", "残疾人联合会", "卫生健康委员会", "退役军人事务局"};
static const char *const UNIV_SUFFIX[] = {"大学", "职业技术学院", "城市职业学院", "开放大学", "社会工作学院", "师范大学"};
static const char *const CENTERS[] = {
    "社会福利服务中心", "就业服务中心", "标准化研究院", "社区服务指导中心",
    "养老服务指导中心", "质量技术监督标准与编码所", "社会保险事业管理中心",
    "残疾人康复中心", "老年人服务中心", "档案服务中心",
};
static const char *const BRANDS[] = {
    "康乐", "福寿", "颐和", "安康", "佳和", "仁爱", "启明", "明德", "众诚",
    "锦程", "华信", "长青", "和美", "乐龄", "同心", "善德", "博雅", "恒信",
};
static const char *const BUSINESSES[] = {
    "养老服务", "家政服务", "人力资源服务", "信息技术", "档案技术",
    "物业管理", "健康管理", "智慧科技", "餐饮管理", "教育咨询",
};

/* CJK characters are 3 bytes each in UTF-8; names are picked by index. */
static const char SURNAMES[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
static const char GIVEN[] =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红志文斌辉鹏宇浩然欣怡晓燕海波丹婷雪梅俊峰立新春慧琳佳颖晨阳思远子涵嘉豪振岚琴秋实光川正婉清";

static const char *const ICS_CODES[] = {
    "03.080", "03.080.01", "03.080.99", "03.100.01", "03.120.10", "03.180",
    "01.140.20", "13.100", "11.020", "35.240.01", "03.140",
};
static const char *const CCS_CODES[] = {"A 12", "A 16", "A 10", "A 14", "A 19", "A 00", "A 90", "C 07", "C 50"};

/* Normative reference pool, in GB/T 1.1 order (GB, GB/T, sector, local)
 * and by number, so any subset taken in pool order is correctly sorted. */
typedef struct {
    const char *prefix, *num, *year, *title;
    int all_parts; /* cited as "（所有部分）", never dated */
} stdref_t;

static const stdref_t REFS[] = {
    {"GB", "2894", "2008", "安全标志及其使用导则", 0},
    {"GB", "13495.1", "2015", "消防安全标志 第1部分：标志", 0},
    {"GB", "14881", "2013", "食品安全国家标准 食品生产通用卫生规范", 0},
    {"GB", "31654", "2021", "食品安全国家标准 餐饮服务通用卫生规范", 0},
    {"GB", "38600", "2019", "养老机构服务安全基本规范", 0},
    {"GB", "50016", "2014", "建筑设计防火规范", 0},
    {"GB", "50763", "2012", "无障碍设计规范", 0},
    {"GB/T", "10001.1", "2012", "公共信息图形符号 第1部分：通用符号", 0},
    {"GB/T", "15624", "2011", "服务标准化工作指南", 0},
    {"GB/T", "18883", "2022", "室内空气质量标准", 0},
    {"GB/T", "18894", "2016", "电子文件归档与电子档案管理规范", 0},
    {"GB/T", "19001", "2016", "质量管理体系 要求", 0},
    {"GB/T", "19012", "2019", "质量管理 顾客满意 组织投诉处理指南", 0},
    {"GB/T", "20647", NULL, "社区服务指南", 1},
    {"GB/T", "22239", "2019", "信息安全技术 网络安全等级保护基本要求", 0},
    {"GB/T", "24421", NULL, "服务业组织标准化工作指南", 1},
    {"GB/T", "29353", "2012", "养老机构基本规范", 0},
    {"GB/T", "31597", "2015", "社会保险服务总则", 0},
    {"GB/T", "33168", "2016", "社区老年人日间照料中心服务基本要求", 0},
    {"GB/T", "35273", "2020", "信息安全技术 个人信息安全规范", 0},
    {"GB/T", "35796", "2017", "养老机构服务质量基本规范", 0},
    {"GB/T", "37276", "2018", "养老机构等级划分与评定", 0},
    {"GB/T", "42195", "2022", "老年人能力评估规范", 0},
    {"DA/T", "18", "2022", "档案著录规则", 0},
    {"DA/T", "31", "2017", "纸质档案数字化规范", 0},
    {"DA/T", "38", "2021", "电子文件归档光盘技术要求和应用规范", 0},
    {"MZ/T", "039", "2013", "老年人能力评估", 0},
    {"MZ/T", "064", "2016", "老年社会工作服务指南", 0},
    {"MZ/T", "131", "2019", "养老服务常用图形符号及标志", 0},
    {"MZ/T", "187", "2021", "养老机构顾客满意度测评", 0},
    {"WS/T", "484", "2015", "老年人健康管理技术规范", 0},
    {"DB44/T", "1234", "2018", "社区居家养老服务规范", 0},
    {"DB44/T", "2232", "2020", "公共就业服务机构服务规范", 0},
    {"DB33/T", "2166", "2018", "社区服务中心建设与管理规范", 0},
    {"DB32/T", "3570", "2019", "职业技能培训机构服务规范", 0},
    {"DB51/T", "2815", "2021", "社会工作服务项目评估规范", 0},
};

static const char *const LAWS[] = {
    "国家基本公共服务标准（2023年版）",
    "中华人民共和国老年人权益保障法",
    "中华人民共和国就业促进法",
    "中华人民共和国档案法",
    "中华人民共和国个人信息保护法",
    "中华人民共和国社会保险法",
    "中华人民共和国消防法",
    "养老机构管理办法（中华人民共和国民政部令第66号）",
    "社会救助暂行办法（中华人民共和国国务院令第649号）",
    "志愿服务条例（中华人民共和国国务院令第685号）",
    "人力资源市场暂行条例（中华人民共和国国务院令第700号）",
    "就业服务与就业管理规定（中华人民共和国劳动和社会保障部令第28号）",
    "关于推进养老服务发展的意见（国办发〔2019〕5号）",
};

/* Chapter headings, in the order they would appear in a document. */
static const char *const CHAPTERS[] = {
    "基本原则", "基本要求", "服务机构", "服务人员", "服务场所与设施",
    "服务内容", "服务流程", "服务要求", "服务提供", "信息化建设",
    "安全管理", "应急管理", "档案管理", "服务质量控制", "服务评价与改进",
    "监督管理",
};

static const char *const CLAUSE_HEADS[] = {
    "一般要求", "基本要求", "人员配备", "人员培训", "岗位职责", "资质要求",
    "场所设置", "设施配置", "设备维护", "环境卫生", "标识标志", "服务项目",
    "服务方式", "服务时间", "服务受理", "需求评估", "服务计划", "服务实施",
    "服务记录", "服务终止", "信息公开", "信息安全", "数据管理", "档案管理",
    "费用管理", "安全管理", "消防安全", "食品安全", "应急处置", "投诉处理",
    "质量控制", "监督检查", "满意度评价", "持续改进", "服务转介", "隐私保护",
    "志愿者管理", "合同管理", "回访", "绩效考核", "风险防控", "宣传推广",
    "协调联动", "资源整合", "登记建档", "信息采集", "岗位推介", "职业指导",
    "技能培训", "就业援助", "助餐服务", "助浴服务", "康复护理", "精神慰藉",
    "上门服务", "档案接收", "档案整理", "档案利用", "数字化加工", "质量检查",
};

static const char *const ANNEX_TITLES[] = {
    "服务质量评价指标", "服务记录表格式", "满意度调查问卷", "服务项目清单",
    "应急处置流程", "人员配备参考标准", "档案分类方案", "服务协议参考文本",
    "需求评估表", "投诉处理流程", "服务台账", "设施设备配置清单",
};

/* Terms with English equivalents and definitions ({dom} is expanded). */
typedef struct {
    const char *zh, *en, *def;
} term_t;

static const term_t TERMS[] = {
    {"服务对象", "service recipient", "接受{dom}服务的个人或家庭。"},
    {"服务机构", "service organization", "依法设立，为服务对象提供{dom}服务的组织。"},
    {"服务提供者", "service provider", "直接为服务对象提供服务的机构或个人。"},
    {"社区居家养老服务", "community home-based elderly care service", "以社区为依托，为居家老年人提供生活照料、助餐助浴、康复护理和精神慰藉等服务的活动。"},
    {"日间照料", "day care", "在白天为生活不能完全自理的老年人提供膳食、休息、康复和娱乐等服务的照护方式。"},
    {"助餐服务", "meal assistance service", "为有需求的老年人提供集中就餐、送餐上门等餐饮服务的活动。"},
    {"需求评估", "needs assessment", "对服务对象的身体状况、服务需求和家庭状况进行综合评估，并据此确定服务内容的过程。"},
    {"服务满意度", "service satisfaction", "服务对象对所接受服务的质量与其期望相比较后形成的感受。"},
    {"公共就业服务", "public employment service", "由政府举办的公共就业服务机构为劳动者和用人单位提供的免费就业服务。"},
    {"职业指导", "career guidance", "为劳动者的职业选择、职业发展和就业提供咨询、指导和帮助的活动。"},
    {"就业困难人员", "persons with employment difficulties", "因身体状况、技能水平、家庭因素等原因难以实现就业，经登记认定的人员。"},
    {"职业技能培训", "vocational skills training", "以提高劳动者职业技能水平为目的开展的培训活动。"},
    {"电子档案", "electronic records", "具有凭证、查考和保存价值并归档保存的电子文件。"},
    {"档案数字化", "records digitization", "采用扫描仪、数码相机等设备将纸质档案转化为数字图像的过程。"},
    {"服务质量", "service quality", "服务满足规定要求和服务对象需求的程度。"},
    {"投诉", "complaint", "服务对象就服务或服务过程表达的不满。"},
    {"志愿服务", "volunteer service", "志愿者、志愿服务组织和其他组织自愿、无偿向社会或者他人提供的公益服务。"},
    {"社会工作者", "social worker", "运用社会工作专业知识和方法，为有需要的个人、家庭和社区提供服务的专业人员。"},
    {"服务协议", "service agreement", "服务机构与服务对象或其监护人就服务内容、方式和费用等事项订立的书面约定。"},
    {"应急预案", "emergency plan", "针对可能发生的突发事件，为迅速、有序地开展应急处置而预先制定的方案。"},
    {"信息管理系统", "information management system", "用于采集、存储、处理和查询{dom}服务信息的计算机系统。"},
    {"服务记录", "service record", "记载服务过程和服务结果的文字、图像或电子数据。"},
    {"转介", "referral", "将服务对象的服务需求和相关资料转交至其他机构继续提供服务的活动。"},
    {"服务评价", "service evaluation", "对服务过程和服务结果进行测量、分析和判断的活动。"},
    {"个案管理", "case management", "由专人对服务对象的需求进行评估，并统筹协调各类资源为其提供连续服务的过程。"},
    {"网格员", "grid worker", "在划定的社区网格内承担信息采集、走访联系和矛盾排查等工作的人员。"},
    {"便民服务", "convenience service", "在社区范围内为居民提供的代办代缴、维修和家政等日常生活服务。"},
    {"家庭照护者", "family caregiver", "在家庭中为失能、半失能人员提供日常照护的家庭成员或其他人员。"},
    {"适老化改造", "age-friendly renovation", "为适应老年人的生理和心理需求，对住宅及其设施进行的改造。"},
    {"智慧养老", "smart elderly care", "运用物联网、大数据和人工智能等技术，为老年人提供的养老服务。"},
    {"失能老年人", "disabled elderly person", "因年老、疾病或伤残等原因，日常生活活动能力部分或全部丧失的老年人。"},
    {"服务站点", "service outlet", "设在街道（乡镇）或社区（村），为居民就近提供{dom}服务的场所。"},
};

static const char *const SUBJECTS[] = {
    "服务机构", "服务机构", "服务提供方", "运营单位", "社区服务中心", "街道办事处",
    "养老机构", "就业服务机构", "职业培训机构", "档案管理部门", "主管部门",
    "社区居民委员会", "志愿服务组织", "受托机构", "物业服务企业", "家政服务企业",
    "社会工作服务机构", "日间照料中心", "综合服务站", "公共就业服务机构",
    "人力资源服务机构", "托育机构", "社区卫生服务中心", "政务服务中心",
    "便民服务站", "服务站点", "承接单位", "运营管理方",
};
static const char *const STAFF[] = {
    "工作人员", "服务人员", "管理人员", "护理员", "社会工作者", "专业技术人员",
    "志愿者", "职业指导师", "培训讲师", "档案管理员", "网格员", "助餐服务人员",
    "安全管理员", "值班人员", "信息系统管理员", "评估人员",
};
static const char *const VERBS[] = {
    "建立", "完善", "落实", "制定", "健全", "规范", "更新", "公示", "审核",
    "保存", "维护", "优化", "执行", "核查", "定期更新", "动态调整", "细化",
    "修订", "备案", "明确", "归档", "监督", "宣传", "组织实施", "持续改进",
    "分类管理", "妥善保管", "定期评估", "统一管理", "跟踪落实",
};
static const char *const OBJ_MODS[] = {
    "养老服务", "居家养老", "社区养老", "助餐服务", "日间照料", "康复护理",
    "就业服务", "职业技能培训", "创业服务", "社会保险", "社会救助", "残疾人服务",
    "儿童福利", "家政服务", "托育服务", "志愿服务", "心理疏导", "法律援助",
    "健康管理", "文化体育", "政务服务", "便民服务", "档案", "电子档案",
    "信息化", "数字化", "网格化管理", "公共就业", "人力资源", "职业指导",
    "劳动关系协调", "适老化改造", "智慧养老", "社区治理", "邻里互助", "服务质量",
    "安全生产", "消防安全", "食品安全", "个人信息保护",
};
static const char *const OBJ_HEADS[] = {
    "管理制度", "服务流程", "岗位职责", "服务档案", "工作台账", "应急预案",
    "服务协议", "收费标准", "服务项目清单", "投诉处理机制", "信息管理系统",
    "培训计划", "考核办法", "服务指南", "服务记录", "质量控制措施", "工作规程",
    "评价机制", "数据库", "服务标准", "操作规程", "风险评估机制", "工作方案",
    "统计报表", "服务承诺", "监督机制", "年度计划", "资金使用台账", "人员名册",
    "设施设备清单",
};
static const char *const FACTORS[] = {
    "服务对象的实际需求", "服务对象的身体状况", "需求评估结果", "当地经济社会发展水平",
    "服务对象的意愿", "季节变化", "服务规模", "服务区域人口结构", "年度工作计划",
    "监督检查结果", "满意度调查结果", "政策调整情况",
};
static const char *const GOALS[] = {
    "服务质量", "服务效率", "服务对象满意度", "服务的可及性", "信息的准确性",
    "数据安全", "服务的连续性", "管理的规范化水平", "资源利用效率", "服务的便捷性",
    "响应速度", "工作透明度",
};
static const char *const CHANNELS[] = {
    "线上平台", "服务热线", "微信公众号", "政务服务网站", "自助服务终端", "上门服务",
    "社区服务窗口", "移动应用程序", "电话预约", "宣传栏",
};
static const char *const SVCS[] = {
    "生活照料", "助餐助浴", "康复护理", "精神慰藉", "职业指导", "就业援助",
    "技能培训", "政策咨询", "档案查询", "法律援助", "心理疏导", "紧急救助",
    "健康管理", "文化娱乐", "上门探访", "代办代购", "岗位推介", "创业指导",
    "家庭照护培训", "助洁助行",
};
static const char *const PARTNERS[] = {
    "医疗卫生机构", "社区居民委员会", "公安派出所", "高等院校", "社会组织", "用人单位",
    "行业协会", "志愿服务组织", "街道办事处", "公益慈善组织",
};
static const char *const SKILLS[] = {
    "操作信息管理系统", "使用常用急救设备", "运用沟通技巧", "开展需求评估",
    "处理突发事件", "填写服务记录", "识别服务对象的异常情况", "使用消防器材",
    "解读相关政策", "开展职业能力测评",
};
static const char *const RISKS[] = {
    "跌倒风险", "走失风险", "食品安全隐患", "消防安全隐患", "信息泄露风险",
    "用电安全隐患", "心理危机", "突发疾病", "欺诈行为", "服务纠纷",
};
static const char *const PLACE_RISKS[] = {
    "跌倒风险", "食品安全隐患", "消防安全隐患", "用电安全隐患", "信息泄露风险", "溺水风险",
};
static const char *const FIXES[] = {"整改", "纠正", "处理", "上报", "反馈", "调整"};
static const char *const NEGACTS[] = {
    "泄露服务对象的个人信息", "收取服务协议约定以外的费用", "擅自变更服务内容",
    "歧视或侮辱服务对象", "向服务对象推销保健品", "向求职者收取押金",
    "发布虚假招聘信息", "擅自销毁档案资料", "在服务场所存放易燃易爆物品",
    "将服务项目转包给不具备资质的单位", "使用过期或变质的食材", "以任何名义索取财物",
};
static const char *const NOTADVS[] = {
    "在夜间安排户外活动", "安排同一人员连续值班超过12 h", "在服务场所张贴商业广告",
    "频繁更换服务人员", "采用单一的评价方式", "在公共区域讨论服务对象的隐私",
    "将纸质档案与电子档案分散保存", "在用餐高峰时段进行设备检修",
};
static const char *const CONDS[] = {
    "服务对象信息未发生变化", "已通过线上平台完成登记", "服务对象已提供有效证明材料",
    "服务内容未作调整", "评估结果仍在有效期内", "同一事项已办理完毕",
};
static const char *const NEEDLESS[] = {
    "重复采集相关信息", "要求服务对象重新提交身份证明材料", "重复开展需求评估",
    "重新签订服务协议", "要求服务对象另行办理登记手续",
};
static const char *const EVENTS[] = {
    "火灾", "停水停电", "自然灾害", "公共卫生事件", "服务对象突发疾病", "服务对象走失",
    "食物中毒", "信息系统故障", "极端天气", "群体性投诉",
};
static const char *const IMPACTS[] = {"影响正常服务", "导致服务中断", "造成服务延误", "影响服务对象的安全"};
static const char *const NEEDHELP[] = {"出现身体不适", "发生走失", "产生心理危机", "遭受侵害", "无法独立完成申请"};
static const char *const HELPACTS[] = {"立即联系其监护人", "及时提供帮助", "按照应急预案处置", "协助其办理相关手续"};
static const char *const REQS[] = {"服务申请", "投诉", "求助信息", "预约请求", "咨询", "求职登记"};
static const char *const RESPONDS[] = {"予以答复", "作出响应", "安排上门服务", "完成受理", "反馈处理结果", "联系服务对象"};
static const char *const EVALIDX[] = {
    "服务对象满意度", "培训合格率", "投诉处理率", "档案完整率", "服务记录完整率",
    "回访率", "就业推荐成功率", "数据录入准确率", "设施设备完好率", "持证上岗率",
};
static const char *const PCTS[] = {"80%", "85%", "90%", "95%", "98%", "99%", "100%"};
static const char *const SMALLPCTS[] = {"5%", "10%", "15%", "20%"};
static const char *const FREQS[] = {"1次/年", "2次/年", "4次/年", "1次/季度", "1次/月", "2次/月", "1次/周"};
static const char *const TIMESN[] = {"1次", "2次", "4次"};
static const char *const CHECKS[] = {"检查", "评估", "巡查", "维护保养", "抽查", "检测"};
static const char *const ROOMS[] = {
    "休息室", "活动室", "助餐点", "康复训练室", "培训教室", "档案库房", "接待大厅",
    "阅览室", "心理咨询室", "值班室",
};
static const char *const TEMPS[] = {"18 ℃～26 ℃", "16 ℃～24 ℃", "20 ℃～26 ℃", "14 ℃～24 ℃"};
static const char *const HUMIDS[] = {"30%～60%", "40%～70%", "45%～60%"};
static const char *const COLDS[] = {"8 ℃", "5 ℃", "4 ℃"};
static const char *const HOTS[] = {"60 ℃", "65 ℃", "70 ℃"};
static const char *const CORRIDORS[] = {"主要通道", "无障碍通道", "疏散走道", "出入口", "室内走廊", "坡道"};
static const char *const LENS[] = {"1.2 m", "1.5 m", "1.8 m", "0.9 m", "1.1 m", "0.8 m"};
static const char *const AREAS[] = {"10 m²", "20 m²", "30 m²", "50 m²", "6 m²/人", "4 m²/人", "60 m²"};
static const char *const RECORDS[] = {
    "服务记录", "投诉处理记录", "培训记录", "安全检查记录", "财务凭证", "服务协议",
    "评估报告", "交接班记录", "监控录像", "会议纪要",
};
static const char *const YEARS[] = {"1年", "2年", "3年", "5年", "10年", "30年", "6个月"};
static const char *const HOURS[] = {"8学时", "12学时", "16学时", "24学时", "40学时"};
static const char *const TIMES[] = {"24 h", "48 h", "2 h", "30 min", "15 min", "72 h", "3个工作日", "5个工作日", "7 d", "1 h"};
static const char *const DAYS[] = {"5 d", "6 d", "5个工作日"};
static const char *const DAYHOURS[] = {"6 h", "7 h", "8 h"};
static const char *const NOTICES[] = {"15 d", "30 d", "1个月", "10个工作日"};
static const char *const SUPPLIES[] = {"食材", "药品", "康复辅具", "办公用品", "防护用品", "消毒用品", "餐食", "设备配件"};
static const char *const TECHS[] = {
    "数据备份方式", "身份认证技术", "加密传输技术", "物联网监测设备", "云存储服务",
    "智能呼叫设备", "视频监控系统", "电子签章",
};
static const char *const TECH2S[] = {"大数据", "人工智能", "物联网", "移动互联网", "区块链", "智能穿戴设备", "远程视频"};
static const char *const SYSTEMS[] = {"信息管理系统", "服务平台", "呼叫系统", "档案管理系统", "预约系统", "监控系统"};
static const char *const FUNCS[] = {
    "服务预约", "进度查询", "满意度评价", "数据统计", "信息发布", "在线咨询",
    "紧急呼叫", "定位", "电子签名", "档案检索", "权限管理", "日志审计", "数据导出",
    "消息提醒",
};
static const char *const ORG3S[] = {"检测机构", "评估机构", "认证机构", "培训机构", "第三方机构"};
static const char *const ASPECTS[] = {"安全要求", "技术要求", "标识", "配置要求", "检验方法", "管理要求"};
static const char *const PLACES[] = {"服务场所", "活动场所", "助餐点", "档案库房", "培训场地", "服务大厅"};
static const char *const PRINCIPLES[] = {"以人为本", "公开透明", "就近便利", "自愿参与", "公益优先", "分类施策", "规范有序", "保障基本"};
static const char *const TARGETS[] = {
    "老年人", "就业困难人员", "残疾人", "困境儿童", "社区居民", "求职者",
    "服务对象", "失能老年人", "高校毕业生", "农村留守老年人",
};

/* List lead-ins (templates) and their item pools. */
static const char *const INSTITUTIONS[] = {
    "岗位责任制度", "服务质量管理制度", "安全管理制度", "财务管理制度", "档案管理制度",
    "投诉处理制度", "信息公开制度", "培训考核制度", "应急管理制度", "消毒隔离制度",
    "值班巡查制度",
};
static const char *const QUALS[] = {
    "具有良好的职业道德", "身体健康，无传染性疾病", "持有相应的职业资格证书",
    "经岗前培训合格", "熟悉相关法律法规和政策", "具备基本的沟通能力",
    "无违法犯罪记录", "掌握基本的急救知识",
};
static const char *const RECORD_ITEMS[] = {
    "服务对象基本信息", "服务需求评估结果", "服务计划及调整情况", "服务时间、内容和提供人员",
    "服务对象或其监护人的确认签字", "费用结算情况", "投诉及处理情况", "回访记录",
};
static const char *const STEPS[] = {
    "服务咨询与受理", "需求评估", "制定服务计划", "签订服务协议", "服务实施",
    "服务记录", "回访与评价", "服务终止",
};
static const char *const TERMINATIONS[] = {
    "服务对象或其监护人书面申请终止服务", "服务对象死亡或被宣告失踪", "服务对象迁出服务区域",
    "服务协议约定的期限届满", "服务对象严重违反服务协议约定",
};
static const char *const EQUIP[] = {
    "消防器材", "应急照明设备", "紧急呼叫装置", "无障碍设施", "视频监控设备",
    "急救药箱", "饮水设备", "防滑地面材料", "扶手", "休息座椅",
};

typedef struct {
    const char *lead; /* template, "：" is appended */
    const char *const *items; /* NULL: items are generated as "{verb}{obj}" */
    size_t n;
} listdef_t;

static const listdef_t LISTS[] = {
    {"{subj}应建立以下制度", INSTITUTIONS, COUNT(INSTITUTIONS)},
    {"{subj}提供的服务宜包括", SVCS, COUNT(SVCS)},
    {"{staff}应具备下列条件", QUALS, COUNT(QUALS)},
    {"{record}应至少包括以下内容", RECORD_ITEMS, COUNT(RECORD_ITEMS)},
    {"{dom}服务流程宜包括以下环节", STEPS, COUNT(STEPS)},
    {"{system}应具备以下功能", FUNCS, COUNT(FUNCS)},
    {"有下列情形之一的，{subj}可终止服务", TERMINATIONS, COUNT(TERMINATIONS)},
    {"{subj}应采取下列措施", NULL, 0},
    {"{place}应配备下列设施设备", EQUIP, COUNT(EQUIP)},
};

/* Sentence templates.  {key} slots are filled by fill_slot(). */
static const char *const T_GENERAL[] = {
    "{subj}应{verb}{obj}。",
    "{subj}{mpos}{verb}{obj}，并{verb}{obj}。",
    "{subj}应根据{factor}{verb}{obj}。",
    "{subj}{mpos}结合{factor}，{verb}{obj}。",
    "{subj}应明确{obj}的责任人，并{verb}{obj}。",
    "{obj}应由{subj}负责{verb}。",
    "{subj}宜{verb}{obj}，提升{goal}。",
    "{subj}可{verb}{obj}。",
    "{subj}可通过{channel}提供{svc}服务。",
    "{subj}宜与{partner}建立协作机制，共同做好{svc}服务。",
    "{staff}应能熟练{skill}。",
    "{staff}应能识别服务对象的{risk}，并及时报告。",
    "{subj}应对{obj}实行动态管理，发现问题及时{fix}。",
    "{subj}应将{obj}纳入年度工作计划，并{verb}{obj}。",
    "{staff}应经岗前培训合格后上岗，并掌握{obj}的有关要求。",
    "{subj}宜通过{channel}公开{obj}，接受社会监督。",
    "{subj}应为{target}提供{svc}、{svc}等服务。",
    "{dom}服务{mpos}坚持{principle}的原则。",
};
static const char *const T_NEG[] = {
    "{subj}不应{negact}。",
    "{staff}不应{negact}。",
    "{subj}不宜{notadv}。",
    "{cond}的，{subj}不必{needless}。",
    "{event}可能{impact}时，{subj}应提前告知服务对象。",
    "{place}可能存在{prisk}的，{subj}应采取相应的防范措施。",
    "服务对象可能{needhelp}时，{staff}应{helpact}。",
};
static const char *const T_NUM[] = {
    "{subj}应在接到{req}后{time}内{respond}。",
    "{subj}{mpos}在{time}内完成{req}的受理。",
    "{evalidx}不应低于{pct}。",
    "{evalidx}宜达到{pct}以上。",
    "{subj}应按不少于{freq}的频次对{obj}进行{check}。",
    "{subj}宜每年对{obj}开展不少于{timesn}{check}。",
    "{room}室内温度宜保持在{temp}，相对湿度宜为{humid}。",
    "冷藏食品应在{cold}以下储存，热食中心温度不应低于{hot}。",
    "{corridor}净宽不应小于{len}。",
    "{room}使用面积不宜小于{area}。",
    "{record}保存期限不应少于{years}。",
    "{staff}每年参加业务培训的时间不应少于{hours}。",
    "每名{staff}服务的{target}不宜超过{count}人。",
    "{subj}每周对外服务时间不应少于{days}，每个工作日不少于{dayhours}。",
    "{subj}应在服务结束后{time}内完成{record}的整理。",
    "服务收费的调整幅度不宜超过{smallpct}，并应提前{notice}公示。",
};
static const char *const T_CITE[] = {
    "{obj}应符合{code}的规定。",
    "{obj}应按照{code}的要求执行。",
    "{place}的安全标志应符合{code}的要求。",
    "{subj}{mpos}参照{code}建立{obj}。",
    "{obj}的{aspect}应符合{code}中{ccl}的规定。",
    "{subj}开展{dom}服务标准化工作宜按{code}的规定执行。",
    "{record}的归档和保管应符合{code}的规定。",
    "{obj}应按{ccl}的要求执行。",
};
static const char *const T_FALSE[] = {
    "{subj}应对{supply}供应商的资质进行审核，并留存相应记录。",
    "{subj}宜采用可靠的{tech}，保障{goal}。",
    "{system}应具备{func}、{func}和{func}等功能。",
    "{obj}宜委托经认可的{org3}进行{check}。",
    "发生{event}时，{subj}应立即启动相应的应急预案。",
    "{subj}宜推进{tech2}在{dom}服务中的应用。",
    "{subj}应保证{supply}的稳定供应。",
    "{staff}的职业资格应经相关部门认可。",
    "相应的{record}由{subj}统一归档。",
    "{system}的功能设置应满足{target}的使用需求。",
    "{subj}可根据需要扩展{system}的功能。",
    "{subj}应配备与服务规模相应的{staff}。",
    "{tech2}技术的应用应符合国家有关个人信息保护的规定。",
};
static const char *const T_NOTE[] = {
    "{svc}服务可由{partner}协助提供。",
    "{subj}可结合实际情况细化服务内容。",
    "{evalidx}按年度统计。",
    "{record}可采用纸质或电子形式。",
    "{target}的认定按照当地有关规定执行。",
    "{system}的具体功能可根据服务规模确定。",
    "{obj}的格式可参考当地主管部门发布的示范文本。",
};

/* Slot name -> word pool, for the slots that are a plain pick. */
typedef struct {
    const char *key;
    const char *const *items;
    size_t n;
} slot_t;

#define SLOT(k, a) {k, a, COUNT(a)}
static const slot_t SLOTS[] = {
    SLOT("subj", SUBJECTS), SLOT("staff", STAFF), SLOT("verb", VERBS),
    SLOT("factor", FACTORS), SLOT("goal", GOALS), SLOT("channel", CHANNELS),
    SLOT("svc", SVCS), SLOT("partner", PARTNERS), SLOT("skill", SKILLS),
    SLOT("risk", RISKS), SLOT("prisk", PLACE_RISKS), SLOT("fix", FIXES), SLOT("negact", NEGACTS),
    SLOT("notadv", NOTADVS), SLOT("cond", CONDS), SLOT("needless", NEEDLESS),
    SLOT("event", EVENTS), SLOT("impact", IMPACTS), SLOT("needhelp", NEEDHELP),
    SLOT("helpact", HELPACTS), SLOT("req", REQS), SLOT("respond", RESPONDS),
    SLOT("evalidx", EVALIDX), SLOT("pct", PCTS), SLOT("smallpct", SMALLPCTS),
    SLOT("freq", FREQS), SLOT("timesn", TIMESN), SLOT("check", CHECKS),
    SLOT("room", ROOMS), SLOT("temp", TEMPS), SLOT("humid", HUMIDS),
    SLOT("cold", COLDS), SLOT("hot", HOTS), SLOT("corridor", CORRIDORS),
    SLOT("len", LENS), SLOT("area", AREAS), SLOT("record", RECORDS),
    SLOT("years", YEARS), SLOT("hours", HOURS), SLOT("time", TIMES),
    SLOT("days", DAYS), SLOT("dayhours", DAYHOURS), SLOT("notice", NOTICES),
    SLOT("supply", SUPPLIES), SLOT("tech", TECHS), SLOT("tech2", TECH2S),
    SLOT("system", SYSTEMS), SLOT("func", FUNCS), SLOT("org3", ORG3S),
    SLOT("aspect", ASPECTS), SLOT("place", PLACES), SLOT("principle", PRINCIPLES),
    SLOT("target", TARGETS),
};

/* ------------------------------------------------------------------ */
/* Per-document state                                                  */
/* ------------------------------------------------------------------ */

#define MAX_REFS 8
#define MAX_CH 6

typedef struct {
    const stdref_t *r;
    int dated;
} docref_t;

typedef struct {
    rng_t rng;
    size_t target; /* wanted document size in bytes */

    /* Layout variants and artifacts. */
    int blank;   /* blank line between paragraphs */
    int artifacts;
    int pages;   /* page numbers and running headers */
    int spaced;  /* "5. 2. 1" clause numbers */
    int half;    /* half-width punctuation mixed in */
    int ideo;    /* U+3000 spaces */
    int indent;  /* "　　" paragraph indentation (needs ideo) */
    int emdash;  /* "—" / "－" in codes */
    int dashes;  /* "- " prefix on clause text and list items */
    int toctabs; /* "1　范围\t1" TOC lines */
    int tocsub;  /* TOC lists titled N.M clauses too */
    double p_half, p_spaced;

    /* Plan. */
    const pair_t *domain;
    const form_t *form;
    const region_t *region;
    char title[128];
    char assoc[160];
    char code_prefix[16], code_num[8], code_year[8];
    char header[64]; /* running page header (the code, rendered once) */
    int year;
    docref_t refs[MAX_REFS];
    int nrefs;
    int chapters[MAX_CH];
    int nch;
    int nannex;
    int annex_title[2];
    int annex_norm[2];
    int biblio;
    int cur_chapter;
    uint64_t heads_used; /* bit i: CLAUSE_HEADS[i] already used */
} doc_t;

/* Buffers reused from one document to the next. */
typedef struct {
    sb_t cover, toc, fw, body, doc, out;
} bufs_t;

/* ------------------------------------------------------------------ */
/* Small emitters                                                      */
/* ------------------------------------------------------------------ */

static void end_line(sb_t *b)
{
    sb_putn(b, "\n", 1);
}

/* Separator after a clause number or between a term and its English name. */
static void put_sp(doc_t *d, sb_t *b)
{
    sb_puts(b, d->ideo && rng_chance(&d->rng, 0.6) ? IDEO : " ");
}

/* Start of an unnumbered paragraph: maybe "　　" indentation. */
static void put_indent(doc_t *d, sb_t *b)
{
    if (d->indent)
        sb_puts(b, IDEO IDEO);
}

/* "- " bullet prefix that some PDF converters put before numbered text
 * and list items (see data/sample/06). */
static void put_dash(doc_t *d, sb_t *b)
{
    if (d->dashes)
        sb_puts(b, "- ");
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A spaced-out title such as "目 次" or "附 录 A": one separator (space,
 * or U+3000 in ideo documents) between every two characters. */
static void put_spaced(doc_t *d, sb_t *b, const char *s)
{
    const char *sep = d->ideo && rng_chance(&d->rng, 0.6) ? IDEO : " ";
    for (const char *p = s; *p;) {
        size_t n = utf8_len((unsigned char)*p);
        if (p != s)
            sb_puts(b, sep);
        sb_putn(b, p, n);
        p += n;
    }
}

/* A standard code: prefix, number, optional year.  Artifact documents get
 * spaced dots ("1. 1"), U+3000 after the prefix, and em / full-width
 * dashes before the year. */
static void put_code(doc_t *d, sb_t *b, const char *prefix, const char *num, const char *year)
{
    sb_puts(b, prefix);
    sb_puts(b, d->ideo && rng_chance(&d->rng, 0.1) ? IDEO : " ");
    if (d->spaced && strchr(num, '.') && rng_chance(&d->rng, d->p_spaced * 0.5)) {
        for (const char *p = num; *p; p++) {
            if (*p == '.')
                sb_puts(b, ". ");
            else
                sb_putn(b, p, 1);
        }
    } else {
        sb_puts(b, num);
    }
    if (year) {
        if (d->emdash && rng_chance(&d->rng, 0.6))
            sb_puts(b, rng_chance(&d->rng, 0.8) ? "—" : "－");
        else
            sb_puts(b, "-");
        sb_puts(b, year);
    }
}

static void put_ref_code(doc_t *d, sb_t *b, const docref_t *r)
{
    put_code(d, b, r->r->prefix, r->r->num, r->dated ? r->r->year : NULL);
}

/* Clause number such as "6.2.1.3" or "A.2.1"; spaced ("6. 2. 1") in some
 * artifact documents.  No trailing separator. */
static void put_num(doc_t *d, sb_t *b, char annex, const int *lv, int n)
{
    const char *dot = d->spaced && rng_chance(&d->rng, d->p_spaced) ? ". " : ".";
    /* in an annex the letter takes the place of the chapter number */
    if (annex)
        sb_putn(b, &annex, 1);
    else
        sb_printf(b, "%d", lv[0]);
    for (int i = 1; i < n; i++) {
        sb_puts(b, dot);
        sb_printf(b, "%d", lv[i]);
    }
}

static void put_name(doc_t *d, sb_t *b)
{
    size_t ns = (sizeof SURNAMES - 1) / 3, ng = (sizeof GIVEN - 1) / 3;
    sb_putn(b, SURNAMES + 3 * rng_below(&d->rng, (uint32_t)ns), 3);
    int k = rng_chance(&d->rng, 0.7) ? 2 : 1;
    for (int i = 0; i < k; i++)
        sb_putn(b, GIVEN + 3 * rng_below(&d->rng, (uint32_t)ng), 3);
}

/* ------------------------------------------------------------------ */
/* Template expansion                                                  */
/* ------------------------------------------------------------------ */

static int key_is(const char *k, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(k, name, n) == 0;
}

/* Words already used in the sentence being expanded, so that a sentence
 * does not say "街道办事处宜与街道办事处……" or list a function twice. */
typedef struct {
    const char *w[16];
    int n;
} seen_t;

static int seen_has(const seen_t *sn, const char *w)
{
    for (int i = 0; i < sn->n; i++)
        if (sn->w[i] == w)
            return 1;
    return 0;
}

static void seen_add(seen_t *sn, const char *w)
{
    if (sn->n < (int)COUNT(sn->w))
        sn->w[sn->n++] = w;
}

/* Pick from a pool, avoiding words already in the sentence (a few tries). */
static const char *pick_fresh(doc_t *d, seen_t *sn, const char *const *items, size_t n)
{
    const char *w = items[rng_below(&d->rng, (uint32_t)n)];
    for (int tries = 0; tries < 4 && seen_has(sn, w); tries++)
        w = items[rng_below(&d->rng, (uint32_t)n)];
    seen_add(sn, w);
    return w;
}

/* Fill one {key} slot.  Unknown keys are a bug in the templates above. */
static void fill_slot(doc_t *d, sb_t *b, seen_t *sn, const char *k, size_t n)
{
    if (key_is(k, n, "obj")) {
        /* modifier + head, without doubling 服务 ("就业服务" + "服务标准") */
        const char *mod = pick_fresh(d, sn, OBJ_MODS, COUNT(OBJ_MODS));
        const char *head = pick_fresh(d, sn, OBJ_HEADS, COUNT(OBJ_HEADS));
        size_t ml = strlen(mod);
        sb_puts(b, mod);
        if (ml >= 6 && !strcmp(mod + ml - 6, "服务") && !strncmp(head, "服务", 6))
            head += 6;
        sb_puts(b, head);
    } else if (key_is(k, n, "mpos")) {
        uint32_t r = rng_below(&d->rng, 20);
        sb_puts(b, r < 11 ? "应" : r < 16 ? "宜" : "可");
    } else if (key_is(k, n, "dom")) {
        sb_puts(b, d->domain->zh);
    } else if (key_is(k, n, "code")) {
        put_ref_code(d, b, &d->refs[rng_below(&d->rng, (uint32_t)d->nrefs)]);
    } else if (key_is(k, n, "ccl")) {
        if (rng_chance(&d->rng, 0.5))
            sb_printf(b, "%d.%d", rng_range(&d->rng, 4, 7), rng_range(&d->rng, 1, 5));
        else
            sb_printf(b, "%d.%d.%d", rng_range(&d->rng, 4, 7), rng_range(&d->rng, 1, 4), rng_range(&d->rng, 1, 5));
    } else if (key_is(k, n, "count")) {
        sb_printf(b, "%d", 5 * rng_range(&d->rng, 2, 10));
    } else {
        for (size_t i = 0; i < COUNT(SLOTS); i++) {
            if (key_is(k, n, SLOTS[i].key)) {
                sb_puts(b, pick_fresh(d, sn, SLOTS[i].items, SLOTS[i].n));
                return;
            }
        }
        fprintf(stderr, "gencorpus: internal error: unknown slot {%.*s}\n", (int)n, k);
        exit(2);
    }
}

/* Copy a template to b, replacing every {key} with a random fill. */
static void expand(doc_t *d, sb_t *b, const char *t)
{
    seen_t sn = {{0}, 0};
    const char *p = t;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            sb_puts(b, p);
            return;
        }
        sb_putn(b, p, (size_t)(open - p));
        const char *close = strchr(open, '}');
        if (!close) {
            fprintf(stderr, "gencorpus: internal error: bad template %s\n", t);
            exit(2);
        }
        fill_slot(d, b, &sn, open + 1, (size_t)(close - open - 1));
        p = close + 1;
    }
}

/* ------------------------------------------------------------------ */
/* Prose: sentences, paragraphs, lists, notes                          */
/* ------------------------------------------------------------------ */

/* One requirement-style sentence.  The mix: plain requirements, negative
 * and weak modals, numbers with units, citations, false friends of the
 * modal verbs, and rare references to chapter 4 or the annex. */
static void gen_sentence(doc_t *d, sb_t *b)
{
    if (d->nannex && rng_chance(&d->rng, 0.02)) {
        expand(d, b, d->annex_norm[0] ? "{obj}应符合附录A的规定。" : "{obj}可参考附录A。");
        return;
    }
    if (d->cur_chapter > 4 && rng_chance(&d->rng, 0.02)) {
        expand(d, b, "{obj}应满足第4章的要求。");
        return;
    }
    uint32_t r = rng_below(&d->rng, 100);
    const char *t;
    if (r < 38)
        t = PICK(d, T_GENERAL);
    else if (r < 50)
        t = PICK(d, T_NEG);
    else if (r < 70)
        t = PICK(d, T_NUM);
    else if (r < 82)
        t = PICK(d, T_CITE);
    else
        t = PICK(d, T_FALSE);
    expand(d, b, t);
}

static void gen_sentences(doc_t *d, sb_t *b, int lo, int hi)
{
    int n = rng_range(&d->rng, lo, hi);
    for (int i = 0; i < n; i++)
        gen_sentence(d, b);
}

static void gen_paragraph(doc_t *d, sb_t *b)
{
    put_indent(d, b);
    gen_sentences(d, b, 1, 3);
    end_line(b);
}

/* List lead-in text (without prefix) ending in "：", then 3-6 items
 * "a) …；" with the last one ending in "。". */
static void gen_list_body(doc_t *d, sb_t *b)
{
    const listdef_t *l = &LISTS[rng_below(&d->rng, (uint32_t)COUNT(LISTS))];
    expand(d, b, l->lead);
    sb_puts(b, "：");
    end_line(b);

    int n = rng_range(&d->rng, 3, 6);
    if (l->items && (size_t)n > l->n)
        n = (int)l->n;
    int used[6];
    for (int i = 0; i < n; i++) {
        put_dash(d, b);
        sb_printf(b, "%c)", 'a' + i);
        put_sp(d, b);
        if (l->items) {
            /* distinct items: retry a few times on collision */
            int idx = 0;
            for (int tries = 0; tries < 16; tries++) {
                idx = (int)rng_below(&d->rng, (uint32_t)l->n);
                int dup = 0;
                for (int j = 0; j < i; j++)
                    dup |= used[j] == idx;
                if (!dup)
                    break;
            }
            used[i] = idx;
            sb_puts(b, l->items[idx]);
        } else {
            expand(d, b, "{verb}{obj}");
        }
        sb_puts(b, i == n - 1 ? "。" : "；");
        end_line(b);
    }
}

static void gen_note(doc_t *d, sb_t *b)
{
    int n = rng_chance(&d->rng, 0.8) ? 1 : 2;
    for (int i = 0; i < n; i++) {
        if (n == 1)
            sb_puts(b, "注：");
        else
            sb_printf(b, "注%d：", i + 1);
        expand(d, b, PICK(d, T_NOTE));
        end_line(b);
    }
}

/* Body of a clause without subclauses: paragraphs, maybe a list and a
 * note. */
static void gen_content(doc_t *d, sb_t *b)
{
    int n = rng_range(&d->rng, 1, 2);
    for (int i = 0; i < n; i++)
        gen_paragraph(d, b);
    if (rng_chance(&d->rng, 0.3)) {
        put_indent(d, b);
        gen_list_body(d, b);
    }
    if (rng_chance(&d->rng, 0.15))
        gen_note(d, b);
}

/* Text of a numbered, untitled clause ("5.2.1 服务机构应……。"): either
 * sentences or a list lead-in with its items, maybe followed by a further
 * paragraph and a note. */
static void gen_text_clause(doc_t *d, sb_t *b, char annex, const int *lv, int depth)
{
    put_dash(d, b);
    put_num(d, b, annex, lv, depth);
    put_sp(d, b);
    if (rng_chance(&d->rng, 0.2)) {
        gen_list_body(d, b);
    } else {
        gen_sentences(d, b, 1, 3);
        end_line(b);
    }
    if (rng_chance(&d->rng, 0.1))
        gen_paragraph(d, b);
    if (rng_chance(&d->rng, 0.08))
        gen_note(d, b);
}

/* ------------------------------------------------------------------ */
/* Document parts                                                      */
/* ------------------------------------------------------------------ */

/* A clause heading not yet used in this document (until the pool runs
 * out, then headings may repeat). */
static const char *pick_head(doc_t *d)
{
    _Static_assert(COUNT(CLAUSE_HEADS) <= 64, "heads_used is a 64-bit mask");
    uint64_t all = COUNT(CLAUSE_HEADS) == 64 ? ~0ULL : (1ULL << COUNT(CLAUSE_HEADS)) - 1;
    if ((d->heads_used & all) == all)
        d->heads_used = 0;
    uint32_t i = rng_below(&d->rng, (uint32_t)COUNT(CLAUSE_HEADS));
    while (d->heads_used & (1ULL << i))
        i = (i + 1) % (uint32_t)COUNT(CLAUSE_HEADS);
    d->heads_used |= 1ULL << i;
    return CLAUSE_HEADS[i];
}

/* A TOC line: "4 基本要求 2", or "4　基本要求\t2" in tab-style documents;
 * sub-entries ("4.1 场所设施 2") are tab-indented in tab style. */
static void toc_line(doc_t *d, sb_t *toc, const char *num, const char *title, int page, int sub)
{
    if (d->toctabs && sub)
        sb_puts(toc, "\t");
    if (num) {
        sb_puts(toc, num);
        sb_puts(toc, d->toctabs && !sub ? IDEO : " ");
    }
    sb_puts(toc, title);
    sb_printf(toc, d->toctabs ? "\t%d\n" : " %d\n", page);
}

static int page_of(size_t body_off)
{
    return 1 + (int)(body_off / PAGE_EST);
}

/* Pick the per-document plan: codes, titles, references, chapter list,
 * annexes, and which layout variants / artifacts apply. */
static void plan_doc(doc_t *d)
{
    rng_t *r = &d->rng;

    d->blank = rng_chance(r, 0.5);
    d->artifacts = rng_chance(r, 1.0 / 3.0);
    if (d->artifacts) {
        d->pages = rng_chance(r, 0.8);
        d->spaced = rng_chance(r, 0.5);
        d->half = rng_chance(r, 0.5);
        d->ideo = rng_chance(r, 0.5);
        d->emdash = rng_chance(r, 0.5);
        d->dashes = rng_chance(r, 0.2);
        d->toctabs = rng_chance(r, 0.3);
        if (!(d->pages | d->spaced | d->half | d->ideo | d->emdash))
            d->pages = 1;
        d->indent = d->ideo && rng_chance(r, 0.6);
        d->p_half = 0.3 + 0.7 * rng_unit(r);
        d->p_spaced = 0.5 + 0.5 * rng_unit(r);
    }
    d->tocsub = rng_chance(r, 0.5);

    d->domain = &DOMAINS[rng_below(r, (uint32_t)COUNT(DOMAINS))];
    d->form = rng_chance(r, 0.7) ? &FORMS[rng_below(r, 2)] : &FORMS[2 + rng_below(r, (uint32_t)COUNT(FORMS) - 2)];
    snprintf(d->title, sizeof d->title, "%s%s", d->domain->zh, d->form->zh);
    d->region = &REGIONS[rng_below(r, (uint32_t)COUNT(REGIONS))];
    snprintf(d->assoc, sizeof d->assoc, "%s%s%s", d->region->full, PICK(d, ASSOC_FIELDS), PICK(d, ASSOC_TYPES));

    int nletters = rng_range(r, 3, 6);
    char letters[8];
    for (int i = 0; i < nletters; i++)
        letters[i] = (char)('A' + rng_below(r, 26));
    letters[nletters] = '\0';
    snprintf(d->code_prefix, sizeof d->code_prefix, "T/%s", letters);
    int num = rng_range(r, 1, 999);
    snprintf(d->code_num, sizeof d->code_num, rng_chance(r, 0.7) ? "%03d" : "%d", num);
    d->year = rng_range(r, 2010, 2024);
    snprintf(d->code_year, sizeof d->code_year, "%d", d->year);
    {
        sb_t h = {0};
        put_code(d, &h, d->code_prefix, d->code_num, d->code_year);
        snprintf(d->header, sizeof d->header, "%s", h.p);
        free(h.p);
    }

    /* 3-8 normative references, in pool order (= GB/T 1.1 order). */
    d->nrefs = rng_range(r, 3, MAX_REFS);
    int chosen = 0;
    for (size_t i = 0; i < COUNT(REFS) && chosen < d->nrefs; i++) {
        /* select i with probability (still needed) / (still available) */
        if (rng_below(r, (uint32_t)(COUNT(REFS) - i)) < (uint32_t)(d->nrefs - chosen)) {
            d->refs[chosen].r = &REFS[i];
            d->refs[chosen].dated = REFS[i].year && !REFS[i].all_parts && rng_chance(r, 0.75);
            chosen++;
        }
    }

    /* Body chapters 4..(3+nch), an ordered subset of CHAPTERS. */
    d->nch = d->target < 12000 ? rng_range(r, 1, 3) : rng_range(r, 3, MAX_CH);
    chosen = 0;
    for (size_t i = 0; i < COUNT(CHAPTERS) && chosen < d->nch; i++)
        if (rng_below(r, (uint32_t)(COUNT(CHAPTERS) - i)) < (uint32_t)(d->nch - chosen))
            d->chapters[chosen++] = (int)i;

    d->nannex = rng_chance(r, 0.5) ? (d->target >= 12000 && rng_chance(r, 0.25) ? 2 : 1) : 0;
    for (int i = 0; i < d->nannex; i++) {
        d->annex_title[i] = (int)rng_below(r, (uint32_t)COUNT(ANNEX_TITLES));
        d->annex_norm[i] = rng_chance(r, 0.3);
    }
    d->biblio = rng_chance(r, 0.85);
}

/* Organisation name for the foreword: association, authority, college,
 * company, public service centre or social-work agency of the region. */
static void put_org(doc_t *d, sb_t *b, int kind)
{
    const region_t *g = d->region;
    switch (kind) {
    case 0:
        sb_puts(b, d->assoc);
        break;
    case 1:
        sb_puts(b, g->full);
        sb_puts(b, g->province ? PICK(d, GOV_PROV) : PICK(d, GOV_CITY));
        break;
    case 2:
        sb_puts(b, g->shortname);
        sb_puts(b, PICK(d, UNIV_SUFFIX));
        break;
    case 3:
        sb_puts(b, g->shortname);
        sb_puts(b, PICK(d, BRANDS));
        sb_puts(b, PICK(d, BUSINESSES));
        sb_puts(b, "有限公司");
        break;
    case 4:
        sb_puts(b, g->full);
        sb_puts(b, PICK(d, CENTERS));
        break;
    default:
        sb_puts(b, g->full);
        sb_puts(b, PICK(d, BRANDS));
        sb_puts(b, "社会工作服务中心");
        break;
    }
}

static void put_date(sb_t *b, int y, int m, int day)
{
    sb_printf(b, "%04d-%02d-%02d", y, m, day);
}

static void gen_cover(doc_t *d, sb_t *b)
{
    sb_printf(b, "ICS %s\n", PICK(d, ICS_CODES));
    sb_printf(b, "CCS %s\n", PICK(d, CCS_CODES));
    put_spaced(d, b, "团体标准");
    end_line(b);
    put_code(d, b, d->code_prefix, d->code_num, d->code_year);
    end_line(b);
    sb_puts(b, d->title);
    end_line(b);
    sb_printf(b, "%s%s%s\n", d->form->en_pre, d->domain->en, d->form->en_post);

    int m = rng_range(&d->rng, 1, 12), day = rng_range(&d->rng, 1, 28);
    int m2 = m + rng_range(&d->rng, 1, 3), y2 = d->year;
    if (m2 > 12) {
        m2 -= 12;
        y2++;
    }
    put_date(b, d->year, m, day);
    sb_puts(b, " 发布\n");
    put_date(b, y2, m2, rng_range(&d->rng, 1, 28));
    sb_puts(b, " 实施\n");
    sb_puts(b, d->assoc);
    sb_puts(b, d->ideo ? IDEO IDEO : "  ");
    put_spaced(d, b, "发布");
    end_line(b);
}

static void gen_foreword(doc_t *d, sb_t *b)
{
    put_spaced(d, b, "前言");
    end_line(b);
    put_indent(d, b);
    sb_puts(b, "本文件按照");
    put_code(d, b, "GB/T", "1.1", "2020");
    sb_puts(b, "《标准化工作导则");
    sb_puts(b, d->ideo ? IDEO : " ");
    sb_puts(b, "第1部分：标准化文件的结构和起草规则》的规定起草。\n");
    if (rng_chance(&d->rng, 0.9)) {
        put_indent(d, b);
        sb_puts(b, "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。\n");
    }
    if (rng_chance(&d->rng, 0.5)) {
        put_indent(d, b);
        sb_printf(b, "本文件由%s提出并归口。\n", d->assoc);
    } else {
        put_indent(d, b);
        sb_puts(b, "本文件由");
        put_org(d, b, rng_chance(&d->rng, 0.6) ? 0 : 1);
        sb_puts(b, "提出。\n");
        put_indent(d, b);
        sb_printf(b, "本文件由%s%s归口。\n", d->assoc, rng_chance(&d->rng, 0.4) ? "标准化工作委员会" : "");
    }

    /* Drafting organisations: distinct names, the association last or
     * first. */
    put_indent(d, b);
    sb_puts(b, "本文件起草单位：");
    int norg = rng_range(&d->rng, 3, 7);
    sb_t orgs[7] = {{0}};
    int kept = 0;
    for (int i = 0; i < norg; i++) {
        sb_t *o = &orgs[kept];
        o->len = 0;
        put_org(d, o, i == 0 ? 0 : rng_range(&d->rng, 1, 5));
        int dup = 0;
        for (int j = 0; j < kept; j++)
            dup |= strcmp(orgs[j].p, o->p) == 0;
        if (!dup)
            kept++;
    }
    int assoc_last = rng_chance(&d->rng, 0.5);
    for (int i = 0; i < kept; i++) {
        int k = assoc_last ? (i + 1) % kept : i;
        if (i)
            sb_puts(b, "、");
        sb_puts(b, orgs[k].p);
    }
    for (int i = 0; i < 7; i++)
        free(orgs[i].p);
    sb_puts(b, "。\n");

    put_indent(d, b);
    sb_puts(b, "本文件主要起草人：");
    int nn = rng_range(&d->rng, 4, 12);
    for (int i = 0; i < nn; i++) {
        if (i)
            sb_puts(b, "、");
        put_name(d, b);
    }
    sb_puts(b, "。\n");
}

static void gen_scope(doc_t *d, sb_t *b)
{
    put_indent(d, b);
    sb_printf(b, "本文件规定了%s服务的", d->domain->zh);
    int k = d->nch < 4 ? d->nch : 4;
    for (int i = 0; i < k; i++) {
        if (i)
            sb_puts(b, i == k - 1 ? (rng_chance(&d->rng, 0.5) ? "和" : "以及") : "、");
        sb_puts(b, CHAPTERS[d->chapters[i]]);
    }
    sb_puts(b, rng_chance(&d->rng, 0.5) ? "等要求" : "");
    if (rng_chance(&d->rng, 0.4))
        sb_puts(b, "，描述了相应的评价方法");
    sb_puts(b, "。\n");
    put_indent(d, b);
    if (rng_chance(&d->rng, 0.5))
        sb_printf(b, "本文件适用于%s%s服务机构开展的%s服务。\n", d->region->full, d->domain->zh, d->domain->zh);
    else
        sb_printf(b, "本文件适用于%s服务的提供、管理与评价，其他相关机构可参照执行。\n", d->domain->zh);
}

static void gen_refs(doc_t *d, sb_t *b)
{
    put_indent(d, b);
    sb_puts(b, "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，"
               "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。\n");
    for (int i = 0; i < d->nrefs; i++) {
        put_ref_code(d, b, &d->refs[i]);
        if (d->refs[i].r->all_parts)
            sb_puts(b, "（所有部分）");
        put_sp(d, b);
        sb_puts(b, d->refs[i].r->title);
        end_line(b);
    }
}

static void gen_terms(doc_t *d, sb_t *b)
{
    put_indent(d, b);
    if (rng_chance(&d->rng, 0.2)) {
        put_ref_code(d, b, &d->refs[rng_below(&d->rng, (uint32_t)d->nrefs)]);
        sb_puts(b, "界定的以及下列术语和定义适用于本文件。\n");
    } else {
        sb_puts(b, "下列术语和定义适用于本文件。\n");
    }
    int n = rng_range(&d->rng, 2, 5), used[5];
    for (int i = 0; i < n; i++) {
        int idx = 0;
        for (int tries = 0; tries < 16; tries++) {
            idx = (int)rng_below(&d->rng, (uint32_t)COUNT(TERMS));
            int dup = 0;
            for (int j = 0; j < i; j++)
                dup |= used[j] == idx;
            if (!dup)
                break;
        }
        used[i] = idx;
        int lv[2] = {3, i + 1};
        put_num(d, b, 0, lv, 2);
        end_line(b);
        sb_puts(b, TERMS[idx].zh);
        put_sp(d, b);
        sb_puts(b, TERMS[idx].en);
        end_line(b);
        expand(d, b, TERMS[idx].def);
        end_line(b);
        if (rng_chance(&d->rng, 0.15)) {
            sb_puts(b, "注：");
            expand(d, b, PICK(d, T_NOTE));
            end_line(b);
        }
        if (rng_chance(&d->rng, 0.15)) {
            sb_puts(b, "[来源：");
            put_ref_code(d, b, &d->refs[rng_below(&d->rng, (uint32_t)d->nrefs)]);
            sb_printf(b, "，3.%d%s]\n", rng_range(&d->rng, 1, 12), rng_chance(&d->rng, 0.5) ? "，有修改" : "");
        }
    }
}

/* A titled clause N.M (or A.M in an annex), written until the body
 * reaches about `end` bytes: either direct content, or untitled
 * subclauses N.M.K (at least two), some of which may have a heading and
 * subclauses N.M.K.L (depth 4). */
static void gen_titled_clause(doc_t *d, sb_t *b, sb_t *toc, size_t body0, char annex, int ch, int m, size_t end)
{
    int lv[4] = {ch, m, 0, 0};
    const char *head = pick_head(d);
    int page = page_of(b->len - body0);
    put_num(d, b, annex, lv, 2);
    put_sp(d, b);
    sb_puts(b, head);
    end_line(b);
    if (toc && d->tocsub) {
        char num[32];
        snprintf(num, sizeof num, "%d.%d", ch, m);
        toc_line(d, toc, num, head, page, 1);
    }

    if (b->len + 600 > end || rng_chance(&d->rng, 0.15)) {
        gen_content(d, b);
        return;
    }
    for (int k = 1; k <= 2 || b->len < end; k++) {
        lv[2] = k;
        if (!annex && b->len + 800 < end && rng_chance(&d->rng, 0.12)) {
            put_num(d, b, annex, lv, 3);
            put_sp(d, b);
            sb_puts(b, pick_head(d));
            end_line(b);
            int nl = rng_range(&d->rng, 2, 4);
            for (int l = 1; l <= nl; l++) {
                lv[3] = l;
                gen_text_clause(d, b, annex, lv, 4);
            }
        } else {
            gen_text_clause(d, b, annex, lv, 3);
        }
    }
}

enum { SHAPE_PARAS, SHAPE_UNTITLED, SHAPE_TITLED };

/* Chapter `ch` (4..9) until the body reaches `end` bytes.  Chapters come
 * in three shapes: paragraphs only, untitled N.M clauses with text (as in
 * data/sample/01 chapter 4), or titled N.M clauses with subclauses. */
static void gen_chapter(doc_t *d, sb_t *b, sb_t *toc, size_t body0, int ch, const char *head, int shape, size_t end)
{
    char num[16];
    snprintf(num, sizeof num, "%d", ch);
    toc_line(d, toc, num, head, page_of(b->len - body0), 0);
    d->cur_chapter = ch;
    sb_puts(b, num);
    put_sp(d, b);
    sb_puts(b, head);
    end_line(b);

    if (shape == SHAPE_PARAS) {
        do
            gen_content(d, b);
        while (b->len < end);
    } else if (shape == SHAPE_UNTITLED) {
        int lv[2] = {ch, 0};
        do {
            lv[1]++;
            gen_text_clause(d, b, 0, lv, 2);
        } while (b->len < end || lv[1] < 2);
    } else {
        /* 3-7 clauses; more only when a clause would exceed ~4 KB, fewer
         * when it would be under ~800 bytes */
        size_t start = b->len, budget = end > start ? end - start : 0;
        int n = rng_range(&d->rng, 3, 7), m = 0;
        if (budget / (size_t)n > 4000)
            n = (int)(budget / 4000);
        if (budget / (size_t)n < 800)
            n = budget < 1600 ? 1 : (int)(budget / 800);
        do {
            m++;
            size_t ce = m >= n ? end : start + budget * (size_t)m / (size_t)n;
            gen_titled_clause(d, b, toc, body0, 0, ch, m, ce);
        } while (b->len < end);
    }
}

static void gen_annex(doc_t *d, sb_t *b, sb_t *toc, size_t body0, int i, size_t end)
{
    char letter = (char)('A' + i);
    char spaced[16];
    snprintf(spaced, sizeof spaced, "附录%c", letter);
    const char *kind = d->annex_norm[i] ? "（规范性）" : "（资料性）";
    const char *title = ANNEX_TITLES[d->annex_title[i]];

    char line[160];
    snprintf(line, sizeof line, "附录%c %s %s", letter, kind, title);
    toc_line(d, toc, NULL, line, page_of(b->len - body0), 0);

    put_spaced(d, b, spaced);
    end_line(b);
    sb_puts(b, kind);
    end_line(b);
    sb_puts(b, title);
    end_line(b);
    size_t start = b->len, budget = end > start ? end - start : 0;
    int n = rng_range(&d->rng, 2, 4), m = 0;
    do {
        m++;
        size_t ce = m >= n ? end : start + budget * (size_t)m / (size_t)n;
        gen_titled_clause(d, b, NULL, body0, letter, 0, m, ce);
    } while (b->len < end);
}

static void gen_biblio(doc_t *d, sb_t *b, sb_t *toc, size_t body0)
{
    toc_line(d, toc, NULL, "参考文献", page_of(b->len - body0), 0);
    put_spaced(d, b, "参考文献");
    end_line(b);
    /* Entries are distinct and never repeat a normative reference; the
     * national basic public service standard comes first, as in the
     * samples. */
    const void *used[5];
    int n = rng_range(&d->rng, 2, 5), nused = 0;
    for (int i = 1; i <= n; i++) {
        const char *law = NULL;
        const stdref_t *r = NULL;
        for (int tries = 0; tries < 16; tries++) {
            law = NULL;
            r = NULL;
            if (i == 1 || rng_chance(&d->rng, 0.6))
                law = i == 1 ? LAWS[0] : PICK(d, LAWS);
            else
                r = &REFS[rng_below(&d->rng, (uint32_t)COUNT(REFS))];
            const void *key = law ? (const void *)law : (const void *)r;
            int dup = 0;
            for (int j = 0; j < nused; j++)
                dup |= used[j] == key;
            for (int j = 0; r && j < d->nrefs; j++)
                dup |= d->refs[j].r == r;
            if (!dup)
                break;
        }
        used[nused++] = law ? (const void *)law : (const void *)r;
        sb_printf(b, "[%d]", i);
        put_sp(d, b);
        if (law) {
            sb_puts(b, law);
        } else {
            put_code(d, b, r->prefix, r->num, r->year);
            put_sp(d, b);
            sb_puts(b, r->title);
        }
        end_line(b);
    }
}

/* ------------------------------------------------------------------ */
/* Rendering: layout variants and PDF artifacts                        */
/* ------------------------------------------------------------------ */

static void put_roman(sb_t *b, int n)
{
    static const char *const R[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
    if (n >= 1 && n <= 10)
        sb_puts(b, R[n - 1]);
    else
        sb_printf(b, "%d", n);
}

/* Copy one line, turning full-width ，：；（） (and rarely 。) into
 * ASCII with probability p_half in half-width documents. */
static void put_line_text(doc_t *d, sb_t *out, const char *s, size_t n)
{
    if (!d->half) {
        sb_putn(out, s, n);
        return;
    }
    size_t i = 0, run = 0;
    while (i < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        char ascii = 0;
        if (i + 2 < n && u[0] == 0xEF && u[1] == 0xBC) {
            switch (u[2]) {
            case 0x8C: ascii = ','; break;
            case 0x9A: ascii = ':'; break;
            case 0x9B: ascii = ';'; break;
            case 0x88: ascii = '('; break;
            case 0x89: ascii = ')'; break;
            default: break;
            }
            if (ascii && !rng_chance(&d->rng, d->p_half))
                ascii = 0;
        } else if (i + 2 < n && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) {
            if (rng_chance(&d->rng, d->p_half * 0.25))
                ascii = '.';
        }
        if (ascii) {
            sb_putn(out, s + run, i - run);
            sb_putn(out, &ascii, 1);
            i += 3;
            run = i;
        } else {
            i++;
        }
    }
    sb_putn(out, s + run, n - run);
}

static void put_pageno(sb_t *out, int page, int roman, const char *sep)
{
    if (roman)
        put_roman(out, page);
    else
        sb_printf(out, "%d", page);
    sb_printf(out, "\n%s", sep);
}

/* Write `in` (cover | TOC | foreword | body) to `out`, one paragraph per
 * line, optionally blank-line separated (not inside the TOC list, as in
 * data/sample/02), with half-width punctuation and, in "pages" documents,
 * a page-number line at the end of each page and the code as a running
 * header at the top of each continuation page.  The TOC is page I, the
 * foreword starts page II, the body restarts at page 1, and body pages
 * end every ~3 KB at a paragraph boundary. */
static void render(doc_t *d, const sb_t *in, size_t toc_off, size_t fw_off, size_t body_off, sb_t *out)
{
    size_t pos = 0, in_page = 0, next_break = 0;
    int page = 1, roman = 1, active = 0;
    const char *sep = d->blank ? "\n" : "";

    while (pos < in->len) {
        const char *nl = memchr(in->p + pos, '\n', in->len - pos);
        size_t end = nl ? (size_t)(nl - in->p) + 1 : in->len;
        if (d->pages) {
            if (pos == toc_off) {
                active = 1;
                in_page = 0;
            } else if (pos == fw_off || pos == body_off) {
                /* new section starts a new page, no running header */
                put_pageno(out, page, roman, sep);
                page = pos == body_off ? 1 : page + 1;
                roman = pos != body_off;
                in_page = 0;
                next_break = (size_t)rng_range(&d->rng, 2400, 3600);
            } else if (active && pos > body_off && in_page >= next_break) {
                put_pageno(out, page, roman, sep);
                page++;
                sb_printf(out, "%s\n%s", d->header, sep);
                in_page = 0;
                next_break = (size_t)rng_range(&d->rng, 2400, 3600);
            }
        }
        put_line_text(d, out, in->p + pos, end - pos);
        int in_toc_list = pos > toc_off && pos < fw_off && end != fw_off;
        if (!in_toc_list)
            sb_puts(out, sep);
        in_page += end - pos;
        pos = end;
    }
    if (d->pages && active)
        put_pageno(out, page, roman, "");
}

/* ------------------------------------------------------------------ */
/* Whole document                                                      */
/* ------------------------------------------------------------------ */

/* Seed for document `index`: independent of how many documents are made. */
static uint64_t doc_seed(uint64_t seed, unsigned long index)
{
    rng_t r = {seed ^ (0xD1B54A32D192ED03ULL * (uint64_t)(index + 1))};
    rng_next(&r);
    return rng_next(&r);
}

/* Generate document `index` into bufs->out; returns 1 if it has PDF
 * artifacts. */
static int gen_doc(bufs_t *bf, uint64_t seed, unsigned long index, size_t size)
{
    doc_t d;
    memset(&d, 0, sizeof d);
    d.rng.s = doc_seed(seed, index);
    d.target = (size_t)((double)size * (0.9 + 0.2 * rng_unit(&d.rng)));
    plan_doc(&d);

    bf->cover.len = bf->toc.len = bf->fw.len = bf->body.len = bf->doc.len = bf->out.len = 0;
    gen_cover(&d, &bf->cover);
    gen_foreword(&d, &bf->fw);

    /* TOC head; entries are appended while the body is generated, with
     * page numbers estimated from body offsets. */
    put_spaced(&d, &bf->toc, "目次");
    end_line(&bf->toc);
    sb_puts(&bf->toc, d.toctabs ? "前言\tII\n" : "前言 II\n");

    size_t toc_est = 40 * (size_t)(5 + d.nch + d.nannex) + (d.tocsub ? d.target / 70 : 0);
    size_t fixed = bf->cover.len + bf->fw.len + toc_est;
    size_t body_target = d.target > fixed + 1500 ? d.target - fixed : 1500;

    sb_t *b = &bf->body;
    sb_puts(b, d.title);
    end_line(b);
    toc_line(&d, &bf->toc, "1", "范围", 1, 0);
    sb_puts(b, "1");
    put_sp(&d, b);
    sb_puts(b, "范围\n");
    gen_scope(&d, b);
    toc_line(&d, &bf->toc, "2", "规范性引用文件", page_of(b->len), 0);
    sb_puts(b, "2");
    put_sp(&d, b);
    sb_puts(b, "规范性引用文件\n");
    gen_refs(&d, b);
    toc_line(&d, &bf->toc, "3", "术语和定义", page_of(b->len), 0);
    sb_puts(b, "3");
    put_sp(&d, b);
    sb_puts(b, "术语和定义\n");
    gen_terms(&d, b);

    size_t annex_each = d.nannex ? (d.target * 6 / 100 > 600 ? d.target * 6 / 100 : 600) : 0;
    size_t tail = annex_each * (size_t)d.nannex + (d.biblio ? 250 : 0);
    size_t ch_total = body_target > b->len + tail ? body_target - b->len - tail : 0;
    if (ch_total < 400 * (size_t)d.nch)
        ch_total = 400 * (size_t)d.nch;

    /* Short chapters (paragraphs only, or a handful of untitled clauses)
     * get a small fixed budget; titled chapters share the rest.  Ends are
     * cumulative so that overshoot in one chapter is absorbed later. */
    int shape[MAX_CH], ntitled = 0;
    size_t budget[MAX_CH], short_sum = 0;
    for (int c = 0; c < d.nch; c++) {
        uint32_t r = rng_below(&d.rng, 100);
        shape[c] = r < 8 ? SHAPE_PARAS : r < 35 ? SHAPE_UNTITLED : SHAPE_TITLED;
        if (shape[c] == SHAPE_TITLED)
            ntitled++;
    }
    if (ntitled == 0 && ch_total > 3000 * (size_t)d.nch) {
        shape[rng_below(&d.rng, (uint32_t)d.nch)] = SHAPE_TITLED;
        ntitled = 1;
    }
    for (int c = 0; c < d.nch; c++) {
        if (ntitled == 0)
            budget[c] = ch_total / (size_t)d.nch;
        else if (shape[c] == SHAPE_PARAS)
            budget[c] = (size_t)rng_range(&d.rng, 500, 1500);
        else if (shape[c] == SHAPE_UNTITLED)
            budget[c] = (size_t)rng_range(&d.rng, 900, 2800);
        else
            continue;
        if (budget[c] > ch_total / (size_t)d.nch)
            budget[c] = ch_total / (size_t)d.nch;
        short_sum += budget[c];
    }
    for (int c = 0; c < d.nch; c++)
        if (ntitled && shape[c] == SHAPE_TITLED)
            budget[c] = ch_total > short_sum + 800 * (size_t)ntitled ? (ch_total - short_sum) / (size_t)ntitled : 800;
    size_t end = b->len;
    for (int c = 0; c < d.nch; c++) {
        end += budget[c];
        gen_chapter(&d, b, &bf->toc, 0, 4 + c, CHAPTERS[d.chapters[c]], shape[c], end);
    }
    for (int i = 0; i < d.nannex; i++)
        gen_annex(&d, b, &bf->toc, 0, i, b->len + annex_each);
    if (d.biblio)
        gen_biblio(&d, b, &bf->toc, 0);

    /* Assemble cover | TOC | foreword | body, then render. */
    sb_t *doc = &bf->doc;
    sb_putn(doc, bf->cover.p, bf->cover.len);
    size_t toc_off = doc->len;
    sb_putn(doc, bf->toc.p, bf->toc.len);
    size_t fw_off = doc->len;
    sb_putn(doc, bf->fw.p, bf->fw.len);
    size_t body_off = doc->len;
    sb_putn(doc, b->p, b->len);
    render(&d, doc, toc_off, fw_off, body_off, &bf->out);
    return d.artifacts;
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    unsigned long docs;
    const char *out;
    uint64_t seed;
    size_t size;
} options_t;

static void usage(FILE *f)
{
    fputs("usage: gencorpus --docs N --out DIR [--seed S] [--size BYTES]\n"
          "  Writes N synthetic GB/T 1.1-2020 style standards texts DIR/doc-000001.txt ...\n"
          "  --seed S      generator seed (default 1); same seed, same bytes\n"
          "  --size BYTES  mean document size (default 30000); each document\n"
          "                aims at +-10% of it and stays within +-20% (sizes\n"
          "                under ~6000 cannot be met: the front matter alone\n"
          "                is 3-4 KB; the summary counts documents outside)\n",
          f);
}

static int parse_u64(const char *s, unsigned long long max, unsigned long long *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return 0;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end || x > max)
        return 0;
    *v = x;
    return 1;
}

/* Accepts "--opt VALUE" and "--opt=VALUE"; returns the value or NULL if
 * argv[*i] is not this option. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "gencorpus: %s needs a value\n", name);
        exit(2);
    }
    return argv[++*i];
}

static void parse_args(int argc, char **argv, options_t *o)
{
    o->docs = 0;
    o->out = NULL;
    o->seed = 1;
    o->size = 30000;
    int have_docs = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        unsigned long long x;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            exit(0);
        } else if ((v = opt_value(argc, argv, &i, "--docs"))) {
            if (!parse_u64(v, 100000000ULL, &x) || x == 0) {
                fprintf(stderr, "gencorpus: bad --docs '%s'\n", v);
                exit(2);
            }
            o->docs = (unsigned long)x;
            have_docs = 1;
        } else if ((v = opt_value(argc, argv, &i, "--out"))) {
            o->out = v;
        } else if ((v = opt_value(argc, argv, &i, "--seed"))) {
            if (!parse_u64(v, UINT64_MAX, &x)) {
                fprintf(stderr, "gencorpus: bad --seed '%s'\n", v);
                exit(2);
            }
            o->seed = x;
        } else if ((v = opt_value(argc, argv, &i, "--size"))) {
            if (!parse_u64(v, 1ULL << 30, &x) || x < 1000) {
                fprintf(stderr, "gencorpus: bad --size '%s' (1000 .. 1073741824)\n", v);
                exit(2);
            }
            o->size = (size_t)x;
        } else {
            fprintf(stderr, "gencorpus: unknown argument '%s'\n", argv[i]);
            usage(stderr);
            exit(2);
        }
    }
    if (!have_docs || !o->out) {
        usage(stderr);
        exit(2);
    }
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t w = fwrite(data, 1, len, f);
    int err = w != len ? errno : 0;
    if (fclose(f) != 0 && !err)
        err = errno ? errno : EIO;
    if (err) {
        fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(err));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    options_t opt;
    parse_args(argc, argv, &opt);

    if (mkdir(opt.out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gencorpus: %s: %s\n", opt.out, strerror(errno));
        return 1;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    size_t plen = strlen(opt.out) + 32;
    char *path = malloc(plen);
    if (!path)
        die_oom();
    bufs_t bf;
    memset(&bf, 0, sizeof bf);

    unsigned long long total = 0;
    size_t minsz = (size_t)-1, maxsz = 0;
    unsigned long nart = 0, outside = 0;
    int rc = 0;
    double lo = (double)opt.size * 0.8, hi = (double)opt.size * 1.2;
    for (unsigned long i = 1; i <= opt.docs; i++) {
        nart += (unsigned long)gen_doc(&bf, opt.seed, i, opt.size);
        snprintf(path, plen, "%s/doc-%06lu.txt", opt.out, i);
        if (write_file(path, bf.out.p, bf.out.len) != 0) {
            rc = 1;
            break;
        }
        size_t n = bf.out.len;
        total += n;
        minsz = n < minsz ? n : minsz;
        maxsz = n > maxsz ? n : maxsz;
        outside += (double)n < lo || (double)n > hi;
    }

    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc == 0) {
        fprintf(stderr,
                "gencorpus: %lu documents, %llu bytes (avg %llu, min %zu, max %zu; %lu with PDF artifacts",
                opt.docs, total, total / opt.docs, minsz, maxsz, nart);
        if (outside)
            fprintf(stderr, "; %lu outside +-20%% of --size", outside);
        fprintf(stderr, ") in %s, seed %llu, %.2f s\n", opt.out, (unsigned long long)opt.seed, secs);
    }

    free(bf.cover.p);
    free(bf.toc.p);
    free(bf.fw.p);
    free(bf.body.p);
    free(bf.doc.p);
    free(bf.out.p);
    free(path);
    return rc;
}
