//! The office's own service phrases (CMP-3) and the count of each phrase's use.

use super::*;

/// The fields of an office phrase, for naming the one refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseField {
    Step,
    Zh,
    En,
}

#[derive(Debug, thiserror::Error)]
pub enum OfficePhraseError {
    #[error("{field:?}: {problem}")]
    Text {
        field: PhraseField,
        problem: TextError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub const PHRASE_STEP_MAX_CHARS: usize = 30;

pub const PHRASE_MAX_CHARS: usize = 200;

/// One more use of phrase `id` (CMP-3): a counter, not evidence.
pub(super) fn count_use(tx: &Connection, id: &str) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO phrase_uses (phrase_id, uses) VALUES (?1, 1)
         ON CONFLICT (phrase_id) DO UPDATE SET uses = uses + 1",
    )?
    .execute([id])?;
    Ok(())
}

impl Store {
    /// Adds a service phrase of the office's own (CMP-3) for a step of the conversation,
    /// approved by a supervisor; audited. Its phrase id is `office_<n>`, returned.
    pub fn add_office_phrase(
        &mut self,
        operator: StaffId,
        approval: Approval,
        step: &str,
        zh: &str,
        en: &str,
        now: DateTime<Utc>,
    ) -> Result<String, OfficePhraseError> {
        let text = |field, value: &str, max| {
            crate::domain::text::required(value, max)
                .map_err(|problem| OfficePhraseError::Text { field, problem })
        };
        let step = text(PhraseField::Step, step, PHRASE_STEP_MAX_CHARS)?;
        let zh = text(PhraseField::Zh, zh, PHRASE_MAX_CHARS)?;
        let en = text(PhraseField::En, en, PHRASE_MAX_CHARS)?;
        Ok(self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            tx.prepare_cached(
                "INSERT INTO office_phrases (step, zh, en, added_at, operator_id, approver_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![step, zh, en, timestamp(now), operator, supervisor])?;
            let id = format!("office_{}", tx.last_insert_rowid());
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "add_office_phrase",
                &format!("{id} ({step}): {zh} / {en}"),
            )?;
            Ok(id)
        })?)
    }

    /// The office's own phrases, oldest first, as library phrases (source `office`).
    pub fn office_phrases(&self) -> StoreResult<Vec<Phrase>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, step, zh, en FROM office_phrases ORDER BY id")?
            .query_map([], |r| {
                Ok(Phrase {
                    id: format!("office_{}", r.get::<_, i64>(0)?),
                    step: r.get(1)?,
                    zh: r.get(2)?,
                    en: r.get(3)?,
                    source: "office".into(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Counts one use of phrase `id` (shipped or the office's). A plain counter: no audit.
    pub fn count_phrase_use(&mut self, id: &str) -> StoreResult<()> {
        self.write(|tx| count_use(tx, id))
    }

    /// How often each phrase was used, the most used first.
    pub fn phrase_uses(&self) -> StoreResult<Vec<(String, u64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT phrase_id, uses FROM phrase_uses ORDER BY uses DESC, phrase_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
