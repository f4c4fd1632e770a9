//! The sales hall board's text: its headings, the states it names, and what it says when it
//! cannot show the day.

crate::catalog! {
    pub enum Bd {
        Title => "轮排", "Rotation";
        NextUp => "下一位", "Next up";
        NextUpMakeUp => "{name}(补接)", "{name} (make-up)";
        Nobody => "暂无", "nobody";
        Follows => "随后", "Then";
        MakeUps => "补接", "Make-ups";
        MakeUpCount => "{name}×{n}", "{name}×{n}";
        Receiving => "接待中", "Receiving";
        ReceivingFor => "{name} {min}分钟", "{name} {min} min";
        Away => "暂离", "Away";
        AwayAs => "{name}({status})", "{name} ({status})";
        NobodyIn => "今天还没有销售员签到", "No salesperson has checked in yet today";
        LogDamaged => "轮排记录有一行无法读取,请前台处理", "A row of the rotation log cannot be read: please tell the desk";
        CannotRead => "暂时读不到数据库:{detail}", "Cannot read the database just now: {detail}";
        NoDatabase => "{path} 不存在:看板只读取前台已在使用的数据库", "{path} does not exist: the board only reads a database the desks already use";
        NeedsUpgrade => "{path} 需要升级:请先在前台运行一次 frontdesk(看板从不修改数据库)", "{path} needs an upgrade: run frontdesk at a desk once first (the board never changes the database)";
        NoDemo => "没有正在运行的演示:先在另一个终端运行 frontdesk --demo", "No demo is running: start frontdesk --demo in another terminal first";
        DemoWithDb => "--demo 与 --db 不能同时使用", "--demo cannot be used with --db";
    }
}
