//! Messages of batches: the manifest's and the progress's words, a failed item's reason, the spreadsheet reader's and the batch folder's errors.

crate::catalogue! {}
