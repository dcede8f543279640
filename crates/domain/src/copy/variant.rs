//! Which variant of a text a lead sees (consultation.md §24 rule 4).
//!
//! The choice is a pure function of the message id and the lead, so a lead hears the same
//! wording on every retry and replica, while different leads hear different wordings.

use sha2::{Digest, Sha256};

use super::MessageId;
use crate::model::LeadId;

/// First 8 bytes of SHA-256(`"<message id>:<lead id>"`) as a big-endian u64, modulo the count.
/// Messages without a lead (and entries with a single variant) use variant 0.
pub fn variant_index(
    message_id: MessageId,
    lead_id: Option<LeadId>,
    variant_count: usize,
) -> usize {
    let Some(lead) = lead_id else { return 0 };
    if variant_count <= 1 {
        return 0;
    }
    let digest = Sha256::digest(format!("{}:{}", message_id.as_str(), lead.0).as_bytes());
    let mut first_eight = [0u8; 8];
    first_eight.copy_from_slice(&digest[..8]);
    let hash = u64::from_be_bytes(first_eight);
    // usize is at most 64 bits on supported targets, so the count converts losslessly and the
    // remainder is below the count.
    let count = variant_count as u64;
    usize::try_from(hash % count).unwrap_or(0)
}

/// Repair texts escalate with the failure number, not the lead hash (consultation.md §12):
/// the first failure gets variant 0 (gentle), the second variant 1 (short, names the handover).
/// Later failures, and catalogues overridden with fewer variants, stay on the last variant.
pub fn repair_variant(failure_number: u32, variant_count: usize) -> usize {
    let wanted = usize::try_from(failure_number.saturating_sub(1)).unwrap_or(usize::MAX);
    wanted.min(variant_count.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indices(id: MessageId, count: usize) -> Vec<usize> {
        [1, 2, 3, 42]
            .into_iter()
            .map(|lead| variant_index(id, Some(LeadId(lead)), count))
            .collect()
    }

    #[test]
    fn spec_test_vectors() {
        assert_eq!(indices(MessageId::WELCOME, 3), vec![0, 0, 0, 1]);
        assert_eq!(indices(MessageId::ASK_QUESTION, 5), vec![4, 2, 1, 2]);
        assert_eq!(indices(MessageId::COMPLETION, 3), vec![2, 2, 0, 0]);
        assert_eq!(indices(MessageId::HANDOVER_HOLD, 3), vec![0, 0, 2, 0]);
        assert_eq!(
            indices(MessageId::PENDING_APPROVAL_ACK, 3),
            vec![1, 2, 0, 1]
        );
    }

    #[test]
    fn no_lead_or_single_variant_uses_the_first() {
        assert_eq!(variant_index(MessageId::WELCOME, None, 3), 0);
        assert_eq!(variant_index(MessageId::WELCOME, Some(LeadId(42)), 1), 0);
        assert_eq!(variant_index(MessageId::WELCOME, Some(LeadId(42)), 0), 0);
    }

    #[test]
    fn index_is_always_in_range() {
        for lead in -50..200 {
            for count in 1..=5 {
                assert!(variant_index(MessageId::ASK_QUESTION, Some(LeadId(lead)), count) < count);
            }
        }
    }

    #[test]
    fn repair_escalates_by_failure_number() {
        assert_eq!(repair_variant(1, 2), 0);
        assert_eq!(repair_variant(2, 2), 1);
        assert_eq!(repair_variant(3, 2), 1);
        assert_eq!(repair_variant(0, 2), 0);
        assert_eq!(repair_variant(2, 1), 0);
        assert_eq!(repair_variant(2, 0), 0);
    }
}
