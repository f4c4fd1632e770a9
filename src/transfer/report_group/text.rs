//! The text of `frontdesk report group`: the sheet, its columns, what it says when done, and
//! why it could not.

crate::catalog! {
    pub enum Rg {
        Sheet => "集团汇总", "Group figures";
        ColMonth => "月份", "Month";
        ColOffice => "办事处", "Office";
        ColVisits => "来访", "Visits";
        ColNewVisitors => "新客户", "New visitors";
        ColReturning => "老客户", "Returning";
        ColCorrected => "其中已更正", "Of which corrected";
        ColCalls => "来电", "Calls";
        ColCallsVisited => "来电后到访", "Calls followed by a visit";
        ColDeals => "成交", "Deals";
        ColCancelled => "退订", "Cancelled";
        ColDealRate => "成交率", "Deals per new visitor";
        ColComplaints => "投诉", "Complaints";
        ColReplies => "答复", "Replies";
        ColOnTime => "按时答复", "Replied on time";
        ColOnTimeRate => "按时答复率", "On-time rate";
        ColLobby => "大堂访客", "Lobby visitors";
        Total => "合计", "Total";
        Note => "月份按各办事处所在时区的日历月计。成交率 = 当月成交(不含已退订)÷ 当月新客户来访;按时答复率 = 当月按时答复 ÷ 当月答复。更正不增减来访,来访按登记时的时间和身份计。", "Months are each office's calendar months in its own time zone. Deals per new visitor = deals signed in the month (cancelled ones not counted) ÷ the month's new visitors; on-time rate = replies on time ÷ replies made in the month. Corrections neither add nor remove a visit: a visit counts as registered.";
        Read => "读自总部数据库,{time}(UTC)", "Read from the head office's database at {time} (UTC)";
        Done => "集团汇总 {from} 至 {to}:{offices} 个办事处,{rows} 行,已写入 {path}", "Group figures {from} to {to}: {offices} offices, {rows} rows, written to {path}";
        ErrMonth => "{option} 应为年月,例如 2026-03,收到:{value}", "{option} must be a month such as 2026-03, got: {value}";
        ErrNotSetUp => "总部数据库还没有集团汇总:请总部管理员先运行 frontdesk head-office setup", "The head office's database has no group figures yet: its administrator must first run frontdesk head-office setup";
        ErrNoRows => "总部在 {from} 至 {to} 没有任何办事处的数据,未写文件", "The head office holds nothing from any office for {from} to {to}; no file written";
    }
}
