//! Demo data that is not catalogue content: the sample applications the README lists for the
//! tracking demo.

use loket_contract::catalogue::ApplicationStatus;

/// A demo application: who applied, for what, where, and the steps it has passed.
pub struct DemoApplication {
    /// Random bits of its code: fixed, so the README can list the code.
    pub code_bits: u64,
    pub service_id: &'static str,
    pub nik: &'static str,
    pub phone: &'static str,
    pub history: &'static [(ApplicationStatus, &'static str, &'static str)],
}

/// Sample applications for the tracking demo (listed in the README with their factors).
/// Codes are fixed so the README and tests can name them.
pub fn demo_applications() -> Vec<DemoApplication> {
    use ApplicationStatus::*;
    vec![
        DemoApplication {
            code_bits: 0x1A2B3C4D5E,
            service_id: "paspor-baru",
            nik: "3174011208900001",
            phone: "+6281234567890",
            history: &[(Submitted, "Berkas diterima di loket Imigrasi", "Documents received at the Immigration counter")],
        },
        DemoApplication {
            code_bits: 0xF1E2D3C4B,
            service_id: "akta-kelahiran",
            nik: "7371024501010002",
            phone: "+6285298765432",
            history: &[
                (Submitted, "Berkas diterima", "Documents received"),
                (Verified, "Berkas lengkap dan sah", "Documents complete and valid"),
                (Processing, "Akta sedang dicetak", "The certificate is being printed"),
            ],
        },
        DemoApplication {
            code_bits: 0x123456789A,
            service_id: "kk-baru",
            nik: "5171015506950003",
            phone: "+6281337001122",
            history: &[
                (Submitted, "Berkas diterima", "Documents received"),
                (Verified, "Data diverifikasi", "Data verified"),
                (Processing, "Kartu Keluarga dicetak", "The Family Card is being printed"),
                (ReadyForPickup, "Silakan ambil di loket Disdukcapil", "Please collect it at the Disdukcapil counter"),
            ],
        },
        DemoApplication {
            code_bits: 0xABCDEF012,
            service_id: "skck-baru",
            nik: "9171011507880004",
            phone: "+6282199887766",
            history: &[
                (Submitted, "Berkas diterima", "Documents received"),
                (Rejected, "Pas foto tidak sesuai ketentuan (latar merah, 4x6)", "Photo does not meet the rules (red background, 4x6)"),
            ],
        },
    ]
}
