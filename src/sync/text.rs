//! The text of `frontdesk sync`.

crate::catalog! {
    pub enum Sy {
        Pushed => "已推送到总部:{rows} 行,{chains} 条证据链与总部一致(办事处 {office})", "Pushed to the head office: {rows} rows; {chains} chains agree with the head office (office {office})";
        PushedChain => "  {chain}:新推送 {rows} 行,总部现有 {held} 行", "  {chain}: {rows} new rows pushed, the head office holds {held}";
        ErrNoOffice => "不知道以哪个办事处的身份推送:请加 --office 名称,或先在初次设置中填写办事处名称", "Which office is pushing is not known: add --office NAME, or set the office's name in the first-run setup";
        ErrConnect => "连不上总部数据库:{detail}", "Cannot reach the head office's database: {detail}";
        ErrHeadOffice => "总部数据库出错:{detail}", "The head office's database failed: {detail}";
        ErrStore => "读不了本地数据库:{detail}", "Cannot read the desk's database: {detail}";
        RefusedContinue => "总部拒绝了推送:办事处 {office} 的{chain_name}({chain})第 {row} 行(链位置 {pos})接不上总部已有的链:本机文件在总部收到之后被改写过", "The head office refused the push: office {office}, {chain_name} ({chain}), row {row} (link {pos}) does not continue the chain the head office holds: the desk file was rewritten after the head office received it";
        RefusedDiffers => "总部拒绝了推送:办事处 {office} 的{chain_name}({chain})第 {row} 行(链位置 {pos})在本机的链接与总部保存的不同:本机文件在总部收到之后被改写过", "The head office refused the push: office {office}, {chain_name} ({chain}), row {row} (link {pos}): the desk's link differs from the one the head office holds: the desk file was rewritten after the head office received it";
        RefusedShorter => "总部拒绝了推送:办事处 {office} 的{chain_name}({chain})在本机比总部少,总部已有第 {row} 行(链位置 {pos}):本机文件的记录被删除或换成了旧文件", "The head office refused the push: office {office}, {chain_name} ({chain}) is shorter on the desk than at the head office, which holds row {row} (link {pos}): rows were deleted from the desk file or an older file put in its place";
    }
}
