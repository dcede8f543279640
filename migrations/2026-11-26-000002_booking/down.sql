DROP TABLE sheet_rows;
DROP TABLE action_tokens;
DROP TABLE payments;
DROP TABLE slot_holds;
DROP TABLE slot_offers;
