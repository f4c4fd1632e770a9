//! A referral or redistribution the store refused (REG-8, ATT-14-10), in the clerk's words:
//! said wherever a store error is described (the desk and the command line alike).

use crate::i18n::Lang;
use crate::store::referral::ReferralRefusal;

crate::catalog! {
    pub enum Refused {
        ErrNotConfirmable => "这条员工推荐不是今天的,或已作废(REG-8:未按预约日到访即作废)", "This employee referral is not for today, or is void (REG-8: void if the customer does not come that day)";
        ErrAlreadyConfirmed => "这条员工推荐已经确认过", "This employee referral is already confirmed";
        ErrNothingToRedistribute => "此销售员名下没有仍受保护的客户,无需重新分配", "This salesperson holds no protected customer to redistribute";
        ErrNobodyToDraw => "没有其他在职销售员可分配", "No other active salesperson to draw";
        ErrDrawChanged => "显示抽签后客户已有变化,请重新抽签", "The customers changed since the draw was shown; draw again";
    }
}

/// A referral or redistribution refused by the store, in the clerk's words.
pub fn refusal(r: ReferralRefusal, lang: Lang) -> String {
    match r {
        ReferralRefusal::NotConfirmableToday => Refused::ErrNotConfirmable,
        ReferralRefusal::AlreadyConfirmed => Refused::ErrAlreadyConfirmed,
        ReferralRefusal::NothingToRedistribute => Refused::ErrNothingToRedistribute,
        ReferralRefusal::NobodyToDraw => Refused::ErrNobodyToDraw,
        ReferralRefusal::DrawChanged => Refused::ErrDrawChanged,
    }
    .text(lang)
    .to_owned()
}
