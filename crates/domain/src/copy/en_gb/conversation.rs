//! The consultation itself: greeting, the 13 questions, confirmations, repairs, guards,
//! deflections and the nudge (consultation.md §7–§12, §13.2, §22, §23).

use super::{Definition, def};
use crate::copy::MessageId as Id;
use crate::copy::channel::Channel::{InteractiveBody, Text};
use crate::copy::params::{
    ARTIST_NAME, BUDGET, CITY, COUNT, HOME_CITY, MINIMUM, PROMPT, QUESTION, SIZE,
};

pub(super) const DEFINITIONS: &[Definition] = &[
    // §8: the opening message. Exactly three variants (rule 4 test vectors).
    def(
        Id::WELCOME,
        Text,
        &[ARTIST_NAME, QUESTION],
        &[
            "Hi, thanks for getting in touch! 👋 I look after enquiries for {artist_name}, and I'll ask a few quick questions so your idea arrives ready for review.\n\n{question}",
            "Hello, and thanks for your message! I'm the booking assistant for {artist_name}. A few short questions and your enquiry will be ready to look at.\n\n{question}",
            "Hi there, lovely to hear from you! ✨ Before your idea goes to {artist_name}, I just need a few quick details.\n\n{question}",
        ],
    ),
    def(
        Id::WELCOME_WITH_IDEA,
        Text,
        &[ARTIST_NAME, QUESTION],
        &[
            "Hi, thanks for getting in touch! 👋 That sounds like a great idea, and I've noted it for {artist_name}. Just a few more quick questions.\n\n{question}",
            "Hello, and thanks for sharing your idea! I've saved it for {artist_name}, so let's go through a few quick details.\n\n{question}",
        ],
    ),
    // §9.4: lead-in for the next question. Exactly five variants (rule 4 test vectors).
    def(
        Id::ASK_QUESTION,
        Text,
        &[QUESTION],
        &[
            "Got it. Next: {question}",
            "Thanks! {question}",
            "Perfect, noted. {question}",
            "Lovely, thank you. {question}",
            "Great, that's saved. {question}",
        ],
    ),
    // §7: the question texts are the spec's en-GB defaults, word for word.
    def(
        Id::Q_IDEA,
        Text,
        &[],
        &["What would you like to get tattooed? Describe the design in as much detail as you can."],
    ),
    def(
        Id::Q_PLACEMENT,
        Text,
        &[],
        &[
            "Where on your body would it go? For example forearm, upper arm, calf, thigh, back, chest, ribs, wrist or ankle — the more exact the better.",
        ],
    ),
    def(
        Id::Q_DIMENSIONS,
        Text,
        &[],
        &[
            "Roughly how big should it be? Width × height in cm (e.g. 8×12cm) or inches (e.g. 3×5in). A best guess is fine.",
        ],
    ),
    def(
        Id::Q_STYLE,
        Text,
        &[ARTIST_NAME],
        &[
            "Any particular style in mind — fine line, realism, traditional, watercolour, geometric, blackwork? Reply 'not sure' if you'd like {artist_name} to suggest one.",
        ],
    ),
    def(
        Id::Q_COMPLEXITY,
        InteractiveBody,
        &[],
        &[
            "How detailed is it? 1 = simple linework, 2 = medium detail, 3 = high detail or realism.",
        ],
    ),
    def(
        Id::Q_COVERUP,
        InteractiveBody,
        &[],
        &["Is this covering up, reworking or touching up an existing tattoo?"],
    ),
    def(
        Id::Q_REFERENCE_IMAGES,
        Text,
        &[],
        &["Have you got reference images or Instagram links? Send them now, or reply 'no'."],
    ),
    def(
        Id::Q_BUDGET,
        Text,
        &[],
        &["What's your budget for this piece? A number is perfect, e.g. 500, 1000 or 2000."],
    ),
    def(
        Id::Q_LOCATION_CITY,
        Text,
        &[],
        &["Which city or town do you live in?"],
    ),
    def(
        Id::Q_LOCATION_COUNTRY,
        Text,
        &[],
        &["And which country is that?"],
    ),
    def(
        Id::Q_INSTAGRAM_HANDLE,
        Text,
        &[],
        &["What's your Instagram handle? (Optional — reply 'skip' to leave it out.)"],
    ),
    def(
        Id::Q_TRAVEL_CITY,
        InteractiveBody,
        &[HOME_CITY],
        &[
            "Would you like to get tattooed at the studio in {home_city}, or somewhere else (for example a guest spot)?",
        ],
    ),
    def(
        Id::Q_TIMING,
        InteractiveBody,
        &[],
        &[
            "When are you hoping to get it done — in the next 2–4 weeks, in 1–2 months, or are you flexible?",
        ],
    ),
    def(
        Id::Q_TRAVEL_CITY_WHICH,
        Text,
        &[],
        &["No problem! Which city or town would you like to get tattooed in?"],
    ),
    // §9.5: merged in front of the next question.
    def(
        Id::CONFIRMATION_SUMMARY,
        Text,
        &[SIZE, CITY, BUDGET],
        &[
            "Just to confirm: {size}, you're based in {city}, and your budget is {budget}. 👍",
            "Quick check, so far I have: {size}, living in {city}, budget {budget}.",
        ],
    ),
    // §12: variant 0 is gentle with an example, variant 1 is short with an example and says the
    // artist steps in after one more try. Every example here parses (e.g. no "palm-sized").
    def(
        Id::REPAIR_DIMENSIONS,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I couldn't quite read that size. Could you send width × height, like 10x7cm or 8 by 12 cm? Inches are fine too, e.g. 3x5 inches. A rough guess is perfect.",
            "Let's try once more: width × height, e.g. 10x7cm. If it still doesn't work, {artist_name} will step in and help.",
        ],
    ),
    def(
        Id::REPAIR_COMPLEXITY,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I didn't catch that. Please reply 1, 2 or 3: 1 = simple linework, 2 = medium detail, 3 = high detail or realism.",
            "Just the number, please: 1, 2 or 3 (e.g. 2 for medium detail). One more try and {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_COVERUP,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I didn't quite get that. Is this covering up, reworking or touching up an existing tattoo? Reply yes, no or not sure.",
            "A simple yes, no or not sure is perfect (e.g. 'no, it's new skin'). If it's still unclear, {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_BUDGET,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I couldn't take that as a budget. Could you send the amount as a number, e.g. 500 or £800? A range like 400-600 works too.",
            "Just an amount, please, for example 600. If it still doesn't work, {artist_name} will step in and help.",
        ],
    ),
    def(
        Id::REPAIR_LOCATION_CITY,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I couldn't work out the place. Which city or town do you live in? For example Manchester, Dublin or Berlin.",
            "Just the name of your city or town, please, e.g. Bristol. One more try and {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_LOCATION_COUNTRY,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I didn't recognise that country. Could you type its name in full, e.g. United Kingdom, Ireland or Spain?",
            "Just the country name, please, e.g. France. If it still doesn't work, {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_TRAVEL_CITY,
        Text,
        &[ARTIST_NAME, HOME_CITY],
        &[
            "Sorry, I couldn't pick out a city there. Reply 'studio' for the studio in {home_city}, or name the city you'd like, e.g. Leeds.",
            "Just one city name, please, e.g. Glasgow, or 'studio' for {home_city}. One more try and {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_SLOT,
        Text,
        &[ARTIST_NAME, COUNT],
        &[
            "Sorry, I couldn't tell which time you meant. Please reply with its number from the list, 1 to {count} (e.g. 2), or tap a time. If none of them suit, just say so.",
            "Just the number of the time, please, from 1 to {count} (e.g. 1). If it still doesn't work, {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_TOUR_CHOICE,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I didn't catch which option you'd prefer. Reply with its number (e.g. 1), or 'waitlist' to join the waitlist instead.",
            "Just the option number, please (e.g. 1), or 'waitlist'. One more try and {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_TIME_WINDOW,
        Text,
        &[ARTIST_NAME],
        &[
            "Sorry, I couldn't spot a day or time there. Could you send a couple of options, e.g. 'weekday evenings after 6pm' or 'Saturday mornings'?",
            "A day or time is all I need, e.g. 'Friday afternoon'. If it still doesn't work, {artist_name} will step in.",
        ],
    ),
    def(
        Id::REPAIR_BUDGET_FOLLOW_UP,
        Text,
        &[ARTIST_NAME, MINIMUM],
        &[
            "Sorry, that's still below the {minimum} minimum. Reply yes if {minimum} works for you, or no if it doesn't.",
            "Just yes or no, please: does {minimum} work for you? One more try and {artist_name} will step in.",
        ],
    ),
    // §11 and §22: re-prompts that are never strikes.
    def(
        Id::ONE_AT_A_TIME,
        Text,
        &[QUESTION],
        &[
            "Thanks! Let's take one thing at a time so nothing gets missed. {question}",
            "Lots of useful detail there, thank you! I'll ask about each part in turn, so for now: {question}",
        ],
    ),
    def(
        Id::ATTACHMENT_SAVED,
        Text,
        &[QUESTION],
        &[
            "Thanks, I've added that to your enquiry. When you're ready: {question}",
            "Got it, that's saved with your enquiry. Next, in a message: {question}",
        ],
    ),
    def(
        Id::REFERENCE_SAVED,
        Text,
        &[QUESTION],
        &[
            "Thanks, your reference is saved! {question}",
            "Great reference, thank you. It's saved with your enquiry. {question}",
        ],
    ),
    def(
        Id::VOICE_NOTE_SAVED,
        Text,
        &[PROMPT],
        &[
            "Thanks for the voice note! It's saved with your enquiry, but I can only read text, so could you type your answer?\n\n{prompt}",
        ],
    ),
    def(
        Id::LOCATION_PIN,
        Text,
        &[QUESTION],
        &[
            "Thanks for the pin! I can't read map locations, so could you type it instead? {question}",
        ],
    ),
    def(
        Id::UNSUPPORTED_MESSAGE,
        Text,
        &[PROMPT],
        &[
            "Sorry, I can't open that type of message. Text, photos and documents work best.\n\n{prompt}",
        ],
    ),
    def(
        Id::STALE_CHOICE,
        Text,
        &[PROMPT],
        &[
            "That option is from an earlier message, so it no longer applies. Here's where we are now:\n\n{prompt}",
        ],
    ),
    // §13.2: deflections, answered and then back to the current question.
    def(
        Id::SCHEDULING_LATER,
        Text,
        &[ARTIST_NAME, QUESTION],
        &[
            "Good question! Dates come once {artist_name} has reviewed your idea, and you'll then be offered real free times. For now: {question}",
        ],
    ),
    def(
        Id::PRICE_LATER,
        Text,
        &[ARTIST_NAME, QUESTION],
        &[
            "Good question! The price depends on size, detail and placement, so it's confirmed once {artist_name} has reviewed your idea. Let's finish the details first: {question}",
        ],
    ),
    // §23: one nudge per qualifying cycle.
    def(
        Id::QUALIFYING_NUDGE,
        Text,
        &[QUESTION],
        &[
            "Hi again! Whenever you're ready, here's where we left off: {question}",
            "Just checking in 🙂 Your enquiry is nearly there. The next question is: {question}",
        ],
    ),
];
