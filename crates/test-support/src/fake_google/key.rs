//! The fake's throwaway RSA key (generated for these tests with `openssl genrsa 2048`; never a real
//! credential) and the service-account JSON that points yup-oauth2 at the fake's token endpoint.

use serde_json::json;

/// PKCS#8 PEM of a 2048-bit RSA key that exists only in this repository.
pub const TEST_PRIVATE_KEY_PEM: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDNqXvtE+Mp0k2j\n\
jEIrtYz4gNsrkZ1BM2iq4RE4lFLHLrLQtVv0HzTYyhH2yABR5vSxuKFlkEDOhGp2\n\
0zECk9BMW3OmkJdrkLru1JtQks6PBSaESbqXoQ2KV4jlZoZgJuEJ7i9sb4FsB/cL\n\
7v0NIABqPYe8J36MfWMZniQTANOJ+22vV4ueFTXfZTFsL0Y5uKfPF33I5hJ9IHQ5\n\
OkRZBVqtQlPBNJg7RQ1pGT6qYewXQlx0J03yLC/4VJOQ8o05krQoAb+gmwBs5RYO\n\
vSYTnYYpxP76YdTWIlnEjOItU7Xu9JZw4pcaDd47IRigOmS/KI8XGBB19zXaALcD\n\
kJi4vdxHAgMBAAECggEAVactGDdsqAnQ0PkExAx4OjT8UsByBGojQOu8jtpjQVZn\n\
HboyolDu4w0Bf0ybqYCtT2ksOs7h1sDaUEOzyTWDjpGV8HyOu7tKx1Yfm2aRBYqp\n\
GHZWcnkeWQwM1TGmbFw05DxhXuFvvuzwTHWLyZAW7ChVJB00vNEp2Uz+DDYPZArm\n\
Pyzdh39lvPLItgILNOIUL/eynMnwmiRFeBiIwnhaqQ8xmF/RDZfvfB64Q4KUuU3N\n\
1p7SEUVZpqwUTx/VCZN/HbW7c+RxlcpK2Z64Auv48jlIJ3p/GEvcermOGMrIwZZZ\n\
yB1q9Y2SfpHzci2uJe6QI0rU60YYgMUcDu/YwIC0aQKBgQDvUzAgUER1jWIrR+wP\n\
JiSHM1N/AmAeMWlcQKl0xeWGYdbiry6OV9JqV4KvOf8wg8WJ1zZgDdfAOvU7jvrL\n\
Brkcv96o0f9vub51wPh2nizYQgOUY7klcQJg02NIR/GObaXuP2FOeXW1uy56Bz4d\n\
60whxi5Hv0TBWJ2NMHNPmTg6vwKBgQDb/drLReQF8+yjmx9ceNHKRc53YLY3Qyhr\n\
1NmHanu4dnPmdtnANg9JjHGutjN4Bg8GJcz1Vo9Db92M2RsopfSjoW+WvhnuXhLQ\n\
6FKMhlFxdZcMDHNb77PiWfqskkfCx1OWRSSlFTXIw+LmXak09/Rv4ydWbWh1zQ65\n\
Z8ertFPoeQKBgQCIwSdp/5Pu/DhRdQqt6WTMIQcgN3JHLoL/JS/vuzmZ3YSWCfZ3\n\
fjWNcK4LhP+OcG3Lgz/eCWr0vHvvaZdjtlbG19ja7QyigigUT41q8p27gZVcENP2\n\
UipCu+gqoHmmon9DsdHfrsYVb31yW3siS5c4YW+GrgQS25lD2aC6plocLwKBgQCW\n\
RLqVKzJslofH4Yf0hFrZDgHQLXGKIgeUUJoeE7Ba+h6FCB4JW2Pp21M0AiT6ETll\n\
+6Aa3XuSlvEA6rPQeju3Iei1UTkpR30W0frBHma3V5lLk52g6QU40jmWc30tITaJ\n\
aMV1Nh28+4Eb1lJkahK/8qvGL4mxHda28prDQLQoEQKBgQCBGR4bG12a4HVm8+07\n\
QWYkQQIBZksLkbK1+t8RUCfQJzP8sE1YGplSnnKOnpuFdVZr3/MPWKPLdHVsRwOr\n\
+SjnOVspvjMLkiH4OImqvBRGgbzb/LTKim+xnAMB4ctQy6WRvUNHJahAGNv0ID+C\n\
TvtBX3TXJFdJMJaJHA48HvMNJQ==\n\
-----END PRIVATE KEY-----\n\
";

pub const FAKE_CLIENT_EMAIL: &str = "inkdesk-test@inkdesk-fake.iam.gserviceaccount.com";
pub const FAKE_PRIVATE_KEY_ID: &str = "0123456789abcdef0123456789abcdef01234567";

/// A service-account key in Google's download format whose `token_uri` is `token_uri`.
pub fn service_account_json(token_uri: &str) -> String {
    json!({
        "type": "service_account",
        "project_id": "inkdesk-fake",
        "private_key_id": FAKE_PRIVATE_KEY_ID,
        "private_key": TEST_PRIVATE_KEY_PEM,
        "client_email": FAKE_CLIENT_EMAIL,
        "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/inkdesk-test",
        "universe_domain": "googleapis.com",
    })
    .to_string()
}
