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
        ErrNotSetUp => "总部数据库还没有设置:请总部管理员先运行 frontdesk head-office setup --url 管理员连接串", "The head office's database is not set up: its administrator must first run frontdesk head-office setup --url ADMIN_URL";
        ErrOlderSchema => "总部数据库由旧版本的 frontdesk 设置(结构版本 {found}):请总部管理员运行 frontdesk head-office setup --url 管理员连接串 升级", "The head office's database was set up by an older frontdesk (schema version {found}): its administrator must run frontdesk head-office setup --url ADMIN_URL to upgrade it";
        ErrNewerSchema => "总部数据库由更新版本的 frontdesk 设置(结构版本 {found}):请升级本机的 frontdesk", "The head office's database was set up by a newer frontdesk (schema version {found}): upgrade this frontdesk";
        ErrNotYourOffice => "这个登录名在总部只能以办事处 {login} 的身份推送,不能以 {asked} 的身份推送:去掉 --office,或使用 {asked} 自己的登录名", "This login pushes as office {login} at the head office, not as {asked}: drop --office, or use {asked}'s own login";
        RefusedOffice => "总部拒绝了推送:这个登录名不能推送办事处 {office} 的记录({chain_name},第 {row} 行):每个办事处只能用自己的登录名推送", "The head office refused the push: this login may not push rows of office {office} ({chain_name}, row {row}): each office pushes only with its own login";
        RefusedShorter => "总部拒绝了推送:办事处 {office} 的{chain_name}({chain})在本机比总部少,总部已有第 {row} 行(链位置 {pos}):本机文件的记录被删除或换成了旧文件", "The head office refused the push: office {office}, {chain_name} ({chain}) is shorter on the desk than at the head office, which holds row {row} (link {pos}): rows were deleted from the desk file or an older file put in its place";
    }
}
