//! The text of `frontdesk verify --against`.

crate::catalog! {
    pub enum Va {
        Heading => "与总部核对(办事处 {office}):", "Compared with the head office (office {office}):";
        Agrees => "  {chain}({table}):一致,{rows} 行", "  {chain} ({table}): agrees, {rows} rows";
        NotPushed => "  {chain}({table}):{rows} 行一致,{pending} 行尚未推送", "  {chain} ({table}): {rows} rows agree, {pending} not pushed yet";
        Differs => "  {chain}({table}):链位置 {pos}(第 {row} 行)与总部不同:{what}", "  {chain} ({table}): differs from the head office at link {pos}, row {row}: {what}";
        MissingOnDesk => "  {chain}({table}):本机缺少总部已有的 {count} 行,从链位置 {pos}(第 {row} 行)起:本机文件的记录被删除或换成了旧文件", "  {chain} ({table}): missing on the desk: the head office holds {count} rows from link {pos} (row {row}) on that the desk lacks: rows were deleted from the desk file or an older file put in its place";
        SkippedAtHeadOffice => "  {chain}({table}):总部缺少链位置 {pos}(第 {row} 行),却有其后的行", "  {chain} ({table}): the head office lacks link {pos} (row {row}) yet holds later ones";
        WhatLink => "链接", "the link";
        WhatPrevLink => "前一链接", "the previous link";
        WhatRowId => "行号(总部为第 {held} 行)", "the row id (the head office's is {held})";
        WhatColumns => "内容({columns})", "the content ({columns})";
        WhatContent => "内容", "the content";
        WhatGoneFromDesk => "内容(本机表里已没有这一行)", "the content (the desk's table no longer has the row)";
        WhatNotHeld => "内容(总部没有这一行的内容)", "the content (the head office holds none for the row)";
        Separator => "、", ", ";
        TotalAgrees => "与总部一致:{chains} 条证据链,{rows} 行相同,{pending} 行尚未推送", "Agrees with the head office: {chains} chains, {rows} rows the same, {pending} rows not pushed yet";
        TotalDiffers => "与总部不一致:{chains} 条证据链中有 {differ} 条不同,{rows} 行相同", "DIFFERS from the head office: {differ} of {chains} chains differ, {rows} rows the same";
        NothingHeld => "注意:总部没有办事处 {office} 的任何记录,请核对办事处名称(--office)", "Note: the head office holds nothing for office {office}; check the office's name (--office)";
        ErrNoOffice => "不知道核对哪个办事处:请加 --office 名称,或先在初次设置中填写办事处名称", "Which office to compare is not known: add --office NAME, or set the office's name in the first-run setup";
        ErrNoHeadOffice => "该数据库里没有总部的证据表(evidence_rows):还没有办事处向它同步过,地址对吗?", "That database holds no head office (no evidence_rows table): no office has synced to it; is the URL right?";
    }
}
