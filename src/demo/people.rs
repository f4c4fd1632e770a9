//! Realistic people for generated registers — the demo's and the benchmark's: a small
//! deterministic generator, surnames in their census shares, given-name characters, mobile
//! prefixes. One copy, so the demo and the million-row benchmark draw the same population.

/// A small deterministic generator (splitmix64): the same data every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn weighted<'a, T>(&mut self, table: &'a [(T, u32)]) -> &'a T {
        let total: u32 = table.iter().map(|(_, w)| w).sum();
        let mut pick = self.below(total as usize) as u32;
        for (item, w) in table {
            if pick < *w {
                return item;
            }
            pick -= w;
        }
        &table[0].0
    }
}

/// Surnames with their share per ten thousand (the 2020 census's top surnames, rounded),
/// then a tail of rarer ones sharing the rest.
pub const SURNAMES: &[(&str, u32)] = &[
    ("王", 710),
    ("李", 700),
    ("张", 660),
    ("刘", 540),
    ("陈", 450),
    ("杨", 310),
    ("黄", 220),
    ("赵", 200),
    ("吴", 190),
    ("周", 180),
    ("徐", 150),
    ("孙", 140),
    ("马", 130),
    ("朱", 120),
    ("胡", 110),
    ("郭", 100),
    ("何", 90),
    ("高", 90),
    ("林", 90),
    ("罗", 80),
    ("郑", 80),
    ("梁", 80),
    ("谢", 60),
    ("宋", 50),
    ("唐", 50),
    ("许", 50),
    ("韩", 40),
    ("冯", 40),
    ("邓", 40),
    ("曹", 40),
    ("彭", 30),
    ("曾", 30),
    ("肖", 30),
    ("田", 30),
    ("董", 30),
    ("袁", 30),
    ("潘", 30),
    ("于", 30),
    ("蒋", 30),
    ("蔡", 30),
    ("余", 30),
    ("杜", 30),
    ("叶", 30),
    ("程", 30),
    ("苏", 30),
    ("魏", 30),
    ("吕", 30),
    ("丁", 30),
    ("任", 30),
    ("沈", 20),
    ("姚", 20),
    ("卢", 20),
    ("姜", 20),
    ("崔", 20),
    ("钟", 20),
    ("谭", 20),
    ("陆", 20),
    ("汪", 20),
    ("范", 20),
    ("金", 20),
    ("石", 20),
    ("廖", 20),
    ("贾", 20),
    ("夏", 20),
    ("韦", 20),
    ("付", 20),
    ("方", 20),
    ("白", 20),
    ("邹", 20),
    ("孟", 20),
    ("熊", 20),
    ("秦", 20),
    ("邱", 20),
    ("江", 20),
    ("尹", 20),
    ("薛", 20),
    ("闫", 20),
    ("段", 20),
    ("雷", 20),
    ("侯", 20),
    ("龙", 20),
    ("史", 20),
    ("陶", 10),
    ("黎", 10),
    ("贺", 10),
    ("顾", 10),
    ("毛", 10),
    ("郝", 10),
    ("龚", 10),
    ("邵", 10),
    ("万", 10),
    ("钱", 10),
    ("严", 10),
    ("覃", 10),
    ("武", 10),
    ("戴", 10),
    ("莫", 10),
    ("孔", 10),
    ("向", 10),
    ("汤", 10),
    ("单", 5),
    ("解", 5),
    ("欧阳", 3),
    ("司马", 1),
    ("诸葛", 1),
];

pub const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁\
龙林欣佳雪琳晨婷倩颖慧露瑶怡婧璐琪媛曦子轩涵梓萱一诺依若思雨晴欢乐家豪文博志鹏飞建国海燕春兰\
凤云莉淑珍晓东辉荣新建利德福兴长永成昊然天翔瑞泽睿哲嘉诚铭阳鸿振宏坤彬锋亮达毅岩松柏峰";

/// Mobile number prefixes in use.
pub const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "176", "177", "178", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "191", "199",
];
