//! The figures pane's text (REG-10's 来人来电统计 as a dashboard).

crate::catalog! {
    pub enum FigText {
        TabFigures => "统计", "Figures";
        KeyMonth => "上月/下月", "month";
        KeyThisMonth => "本月", "this month";
        MonthTitle => "{year}年{month}月", "{year}-{month}";
        Summary => "来访 {visits}(新客 {new})· 来电 {calls}(转来访 {call_rate})· 成交 {deals}(成交率 {deal_rate})", "visits {visits} (new {new}) · calls {calls} (to visit {call_rate}) · deals {deals} (rate {deal_rate})";
        NoRate => "—", "—";
        Counting => "正在统计…", "Counting…";
        HoursTitle => "今日每小时来访 {day}", "Walk-ins by hour {day}";
        HoursMonthTitle => "全月每小时来访", "Walk-ins by hour, month";
        SourcesTitle => "来访来源", "Visits by source";
        PeopleTitle => "销售员:来访 成交 成交率", "Salespeople: visits, deals, rate";
        DailyTitle => "每日来访与来电", "Visits and calls per day";
        DailyVisits => "来访 最多 {max}/天", "visits, at most {max} a day";
        DailyCalls => "来电 最多 {max}/天", "calls, at most {max} a day";
        NoVisits => "(没有来访)", "(no visits)";
        LatestMonth => "已是本月", "This is the current month";
        SourceSignage => "路牌", "Signage";
        SourceNewspaper => "报纸", "Paper";
        SourceWeb => "网络", "Web";
        SourceReferral => "老带新", "Referral";
        SourcePassingBy => "路过", "Passing";
        SourcePhone => "来电", "Phone";
        SourceNone => "未填", "None";
    }
}
