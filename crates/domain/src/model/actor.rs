//! Who caused a change (`status_history.actor`).

use super::string_enum::string_enum;

string_enum! {
    /// The party on whose behalf a status changed (consultation.md §3.1 item 4).
    pub enum Actor as "actor" {
        /// The client, through a WhatsApp message.
        Client = "client",
        /// The artist, through a one-tap action link.
        Artist = "artist",
        /// Someone holding the admin key (admin API or admin pages).
        Admin = "admin",
        /// A verified Stripe webhook event.
        Stripe = "stripe",
        /// A periodic sweep.
        Scheduler = "scheduler",
        /// inkdesk itself, typically a job finishing.
        System = "system",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_are_the_six_names_of_the_check_constraint() {
        let names: Vec<_> = Actor::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            names,
            ["client", "artist", "admin", "stripe", "scheduler", "system"]
        );
        assert_eq!("stripe".parse::<Actor>(), Ok(Actor::Stripe));
        assert!("Stripe".parse::<Actor>().is_err());
    }
}
