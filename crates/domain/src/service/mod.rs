//! Use cases: the domain's entry points for the adapters, written against the ports and tested
//! with their mocks.

mod inbound;
mod render;

pub use inbound::{FrontDeskConfig, InboundService, Outcome, ServiceError};
pub use render::{LinkBuilder, render_message, render_text};

#[cfg(test)]
mod completion_golden_tests;
#[cfg(test)]
mod consultation_golden_tests;
#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod inbound_tests;
#[cfg(test)]
mod status_reply_tests;
#[cfg(test)]
mod test_support;
