# language: id
Fitur: Pengadaan barang dan jasa TIK
  Kebijakan TIK Pemkot Medan (Suhendra & Ginting 2018, bagian III.D): spesifikasi pengadaan
  ditentukan oleh Pemerintah Kota Medan, untuk aplikasi khusus melalui Diskominfo. Pengadaan
  perangkat lunak aplikasi khusus wajib disertai transfer teknologi: penyerahan kode sumber dan
  pelatihan yang memadai dari penyedia kepada staf Pemkot Medan. Setiap kerja sama dengan pihak
  luar mengacu ke Rencana Strategis TIK Pemerintah Kota Medan.
  Pokja pemilihan memeriksa dokumen pengadaan sebelum tender diumumkan.

  Skenario: Spesifikasi ditulis oleh penyedia (MDN-PBJ-01)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-01" yang muncul
    Dan temuan "MDN-PBJ-01" muncul pada path "spec.specification.authored_by"
    Dan temuan pada path "spec.specification.authored_by" menunjuk baris yang memuat "authored_by: vendor"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Spesifikasi aplikasi khusus tidak ditetapkan melalui Diskominfo (MDN-PBJ-02)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-02" yang muncul
    Dan temuan "MDN-PBJ-02" muncul pada path "spec.specification.authored_by"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Kode sumber aplikasi khusus tidak diserahkan (MDN-PBJ-03)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-03" yang muncul
    Dan temuan "MDN-PBJ-03" muncul pada path "spec.deliverables.source_code.handover"
    Dan temuan pada path "spec.deliverables.source_code.handover" menunjuk baris yang memuat "handover: false"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pelatihan transfer teknologi nol jam (MDN-PBJ-04)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-04" yang muncul
    Dan temuan "MDN-PBJ-04" muncul pada path "spec.technology_transfer.training.hours"
    Dan temuan pada path "spec.technology_transfer.training.hours" menunjuk baris yang memuat "hours: 0"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pelatihan tanpa peserta (MDN-PBJ-04)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-BPKAD-002
        title: Pengadaan Aplikasi Manajemen Aset Daerah
        opd: Badan Pengelolaan Keuangan dan Aset Daerah
        proposal_ref: BPKAD-2026-001
      spec:
        category: special_application_software
        technology_transfer:
          training:
            hours: 24
            participants: 0
            audience: [opd_staff]
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-PBJ-04" muncul pada path "spec.technology_transfer.training.participants"
    Dan jumlah temuan "MDN-PBJ-04" adalah 1
    Dan temuan pada path "spec.technology_transfer.training.participants" menunjuk baris yang memuat "participants: 0"

  Skenario: Pelatihan hanya untuk staf penyedia tidak memenuhi transfer teknologi (MDN-PBJ-04)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-04.staf-penyedia.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-04" yang muncul
    Dan jumlah temuan "MDN-PBJ-04" adalah 1
    Dan temuan "MDN-PBJ-04" muncul pada path "spec.technology_transfer.training.audience"
    Dan temuan pada path "spec.technology_transfer.training.audience" menunjuk baris yang memuat "audience:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pelatihan tanpa sasaran peserta (MDN-PBJ-04)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-BPKAD-003
        title: Pengadaan Aplikasi Manajemen Aset Daerah
        opd: Badan Pengelolaan Keuangan dan Aset Daerah
      spec:
        category: special_application_software
        technology_transfer:
          training:
            hours: 24
            participants: 8
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-PBJ-04" muncul pada path "spec.technology_transfer.training.audience"
    Dan jumlah temuan "MDN-PBJ-04" adalah 1
    Dan temuan pada path "spec.technology_transfer.training.audience" menunjuk baris yang memuat "training:"

  Skenario: Sasaran pelatihan di luar daftar tertutup ditolak skema
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-BPKAD-004
        title: Pengadaan Aplikasi Manajemen Aset Daerah
        opd: Badan Pengelolaan Keuangan dan Aset Daerah
      spec:
        category: special_application_software
        technology_transfer:
          training:
            hours: 24
            participants: 8
            audience: [staf Pemkot Medan]
      """
    Ketika patuh memeriksa dokumen itu
    Maka dokumen ditolak dengan temuan "SCHEMA"
    Dan temuan "SCHEMA" menunjuk baris yang memuat "audience:"
    Dan kode keluar adalah 2

  Skenario: Kode sumber diserahkan tanpa skrip build hanya peringatan (MDN-PBJ-05)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-05.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-05" yang muncul
    Dan temuan "MDN-PBJ-05" muncul pada path "spec.deliverables.source_code.includes"
    Dan temuan "MDN-PBJ-05" berderajat "warning"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Pengadaan tanpa rujukan Renstra TIK (MDN-PBJ-06)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-06.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-06" yang muncul
    Dan temuan "MDN-PBJ-06" muncul pada path "spec.renstra_tik_ref"
    Dan temuan pada path "spec.renstra_tik_ref" menunjuk baris yang memuat "renstra_tik_ref:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pengadaan yang tidak menyebut usulannya hanya peringatan (MDN-PBJ-07)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-07.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-PBJ-07" yang muncul
    Dan temuan "MDN-PBJ-07" muncul pada path "metadata.proposal_ref"
    Dan temuan pada path "metadata.proposal_ref" menunjuk baris yang memuat "metadata:"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Pengadaan yang merujuk usulan yang tidak direkomendasikan desk (MDN-PBJ-08)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-08.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan register "fixtures/register.json"
    Maka hanya temuan "MDN-PBJ-08" yang muncul
    Dan temuan "MDN-PBJ-08" muncul pada path "metadata.proposal_ref"
    Dan temuan pada path "metadata.proposal_ref" menunjuk baris yang memuat "proposal_ref:"
    Dan pesan temuan "MDN-PBJ-08" menyebut "DISDIK-2026-099"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Dengan register meja telaah, pengadaan yang tidak menyebut usulan melanggar MDN-PBJ-08 (bukan hanya peringatan MDN-PBJ-07)
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-08.tanpa-usulan.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan register "fixtures/register.json"
    Maka hanya temuan "MDN-PBJ-08" yang muncul
    Dan temuan "MDN-PBJ-08" muncul pada path "metadata.proposal_ref"
    Dan temuan pada path "metadata.proposal_ref" menunjuk baris yang memuat "metadata:"
    Dan pesan temuan "MDN-PBJ-08" menyebut "missing"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Tanpa register desk, aturan rujukan tidak diterapkan dan laporan menyebutnya sekali
    Diketahui pengadaan "fixtures/medan/MDN-PBJ-08.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka tidak ada temuan
    Dan ada pemberitahuan "notice.register_absent"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Contoh pengadaan aplikasi telemedicine dengan dua masalah
    Diketahui pengadaan "fixtures/examples/pengadaan-aplikasi-telemedicine.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-PBJ-04" muncul pada path "spec.technology_transfer.training.hours"
    Dan temuan "MDN-PBJ-05" muncul pada path "spec.deliverables.source_code.includes"
    Dan jumlah temuan "MDN-PBJ-04" adalah 1
    Dan jumlah temuan "MDN-PBJ-05" adalah 1
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1
