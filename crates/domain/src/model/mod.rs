//! The nouns of the business: identifiers, money, sizes, regions, phones, leads and their statuses.

mod dimensions;
mod ids;
mod money;
mod phone;
mod region;
mod size;

pub use dimensions::{Dimensions, DimensionsError};
pub use ids::{ArtistId, ContactId, LeadId};
pub use money::{Currency, CurrencyError, Money};
pub use phone::{Phone, PhoneError};
pub use region::Region;
pub use size::SizeCategory;
