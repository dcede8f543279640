//! The full 20×20 matrix (consultation.md §3.4), and its agreement with the row triggers of §3.2.

use super::table::{permits, reachable_targets};
use super::{TransitionReason, allowed_targets};
use crate::model::LeadStatus;

/// §3.4, copied verbatim.
const MATRIX: &str = "
NEW | QUALIFYING
QUALIFYING | PENDING_APPROVAL, NEEDS_ARTIST_REPLY, NEEDS_FOLLOW_UP, TOUR_CONVERSION_OFFERED, WAITLISTED, REJECTED, ABANDONED, OPTOUT
NEEDS_ARTIST_REPLY | QUALIFYING, TOUR_CONVERSION_OFFERED, NEEDS_FOLLOW_UP, PENDING_APPROVAL, AWAITING_SLOT, COLLECTING_TIME_WINDOWS, AWAITING_DEPOSIT, DEPOSIT_EXPIRED, DEPOSIT_PAID, BOOKING_PENDING, BOOKED, REJECTED, CANCELLED, REFUNDED, OPTOUT
NEEDS_FOLLOW_UP | PENDING_APPROVAL, TOUR_CONVERSION_OFFERED, WAITLISTED, AWAITING_SLOT, AWAITING_DEPOSIT, NEEDS_ARTIST_REPLY, REJECTED, ABANDONED, OPTOUT
TOUR_CONVERSION_OFFERED | PENDING_APPROVAL, WAITLISTED, NEEDS_ARTIST_REPLY, REJECTED, ABANDONED, OPTOUT
PENDING_APPROVAL | AWAITING_SLOT, AWAITING_DEPOSIT, REJECTED, NEEDS_ARTIST_REPLY, STALE, OPTOUT
AWAITING_SLOT | AWAITING_DEPOSIT, COLLECTING_TIME_WINDOWS, DEPOSIT_PAID, NEEDS_ARTIST_REPLY, REJECTED, CANCELLED, ABANDONED, OPTOUT
COLLECTING_TIME_WINDOWS | AWAITING_SLOT, NEEDS_ARTIST_REPLY, DEPOSIT_PAID, REJECTED, CANCELLED, ABANDONED, OPTOUT
AWAITING_DEPOSIT | DEPOSIT_PAID, DEPOSIT_EXPIRED, AWAITING_SLOT, NEEDS_ARTIST_REPLY, REJECTED, CANCELLED, OPTOUT
DEPOSIT_EXPIRED | AWAITING_SLOT, AWAITING_DEPOSIT, DEPOSIT_PAID, NEEDS_ARTIST_REPLY, REJECTED, CANCELLED, ABANDONED, OPTOUT
DEPOSIT_PAID | BOOKED, BOOKING_PENDING, NEEDS_ARTIST_REPLY, CANCELLED, REFUNDED
BOOKING_PENDING | BOOKED, NEEDS_ARTIST_REPLY, CANCELLED, REFUNDED
BOOKED | NEEDS_ARTIST_REPLY, CANCELLED
CANCELLED | REFUNDED
ABANDONED | QUALIFYING, TOUR_CONVERSION_OFFERED, NEEDS_FOLLOW_UP, AWAITING_SLOT, COLLECTING_TIME_WINDOWS, DEPOSIT_EXPIRED
STALE | PENDING_APPROVAL, AWAITING_SLOT, AWAITING_DEPOSIT, REJECTED
WAITLISTED, REJECTED, REFUNDED, OPTOUT | —
";

pub(super) fn spec_matrix() -> Vec<(LeadStatus, Vec<LeadStatus>)> {
    let parse = |name: &str| name.trim().parse::<LeadStatus>().unwrap();
    let mut rows = Vec::new();
    for line in MATRIX.lines().filter(|line| !line.trim().is_empty()) {
        let (sources, targets) = line.split_once('|').unwrap();
        let targets: Vec<LeadStatus> = match targets.trim() {
            "—" => Vec::new(),
            list => list.split(',').map(parse).collect(),
        };
        for source in sources.split(',') {
            rows.push((parse(source), targets.clone()));
        }
    }
    rows
}

#[test]
fn the_spec_matrix_names_every_status_once_as_a_source() {
    let sources: Vec<LeadStatus> = spec_matrix().into_iter().map(|(from, _)| from).collect();
    assert_eq!(sources.len(), 20);
    for status in LeadStatus::ALL {
        assert!(sources.contains(status), "{status}");
    }
}

#[test]
fn all_400_pairs_match_the_spec_matrix() {
    for (from, expected) in spec_matrix() {
        for to in LeadStatus::ALL {
            assert_eq!(
                allowed_targets(from).contains(to),
                expected.contains(to),
                "pair {from} -> {to}"
            );
        }
    }
}

#[test]
fn every_matrix_pair_has_a_trigger_row() {
    for from in LeadStatus::ALL {
        for to in allowed_targets(*from) {
            let reachable = [None]
                .into_iter()
                .chain(LeadStatus::ALL.iter().map(|s| Some(*s)))
                .any(|return_status| {
                    TransitionReason::every_kind()
                        .iter()
                        .any(|reason| permits(*from, *to, reason, return_status))
                });
            assert!(reachable, "no trigger for {from} -> {to}");
        }
    }
}

#[test]
fn no_trigger_reaches_a_pair_outside_the_matrix() {
    for from in LeadStatus::ALL {
        for to in LeadStatus::ALL {
            if allowed_targets(*from).contains(to) {
                continue;
            }
            for reason in TransitionReason::every_kind() {
                for return_status in LeadStatus::ALL {
                    assert!(
                        !permits(*from, *to, &reason, Some(*return_status)),
                        "{from} -> {to} by {}",
                        reason.code()
                    );
                }
            }
        }
    }
}

#[test]
fn outside_handover_and_abandoned_every_matrix_target_is_reachable() {
    for from in LeadStatus::ALL {
        if matches!(from, LeadStatus::NeedsArtistReply | LeadStatus::Abandoned) {
            continue;
        }
        assert_eq!(
            reachable_targets(*from, None),
            allowed_targets(*from),
            "{from}"
        );
    }
}

#[test]
fn a_handover_reaches_its_return_status_and_the_artist_and_stripe_exits() {
    use LeadStatus::*;
    assert_eq!(
        reachable_targets(NeedsArtistReply, Some(Qualifying)),
        [
            Qualifying,
            AwaitingSlot,
            AwaitingDeposit,
            DepositPaid,
            Booked,
            Rejected,
            Cancelled,
            Refunded,
            OptOut
        ]
    );
    assert_eq!(
        reachable_targets(Abandoned, Some(AwaitingSlot)),
        [AwaitingSlot]
    );
    assert_eq!(reachable_targets(Abandoned, None), []);
}
