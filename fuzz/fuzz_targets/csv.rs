//! The platform export readers (Facebook, YouTube, Zalo): any bytes give rows
//! and refusals, never a panic; refusals listed stay bounded.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_documents::exports as csv;
use toasoan_domain::limits::MAX_REJECTED_LISTED;
use toasoan_domain::EngagementSource;

fuzz_target!(|data: &[u8]| {
    for source in [EngagementSource::Facebook, EngagementSource::YouTube, EngagementSource::Zalo] {
        if let Ok(p) = csv::parse(data, source) {
            assert!(p.rejected.len() <= MAX_REJECTED_LISTED);
            assert!(p.rejected.len() <= p.rejected_total);
        }
    }
});
