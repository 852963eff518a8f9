//! Messages of electronic issuance: signing, numbering at issuance, sealing, edXML packets, tasks.

crate::catalogue! {}
