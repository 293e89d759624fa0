# language: id
Fitur: Arsitektur SPBE (paket nasional, Perpres 132/2022)
  Arsitektur SPBE Pemerintah Daerah menjadi dasar dalam penyiapan dan pengembangan layanan SPBE:
  setiap usulan merujuk arsitektur itu. Pembangunan dan pengembangan infrastruktur SPBE harus
  didasarkan pada arsitektur itu: setiap pengadaan infrastruktur (perangkat keras, perangkat lunak
  sistem) merujuknya. Pemerintah daerah mendukung dan melaksanakan pemanfaatan Aplikasi SPBE
  Prioritas (Perpres 82/2023): setiap usulan menyatakan ranahnya, dan bila ranah prioritas,
  pemanfaatannya atau alasan tidak memanfaatkannya.

  Skenario: Usulan tanpa rujukan Arsitektur SPBE Pemerintah Daerah (NAS-SPBE-01)
    Diketahui usulan "fixtures/nasional/NAS-SPBE-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-SPBE-01" yang muncul
    Dan temuan "NAS-SPBE-01" muncul pada path "spec.planning.spbe_architecture_ref"
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Usulan yang merujuk Arsitektur SPBE lolos (NAS-SPBE-01)
    Diketahui usulan "fixtures/nasional/NAS-SPBE-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan

  Skenario: Pengadaan perangkat keras tanpa rujukan Arsitektur SPBE Pemerintah Daerah (NAS-SPBE-02)
    Diketahui pengadaan "fixtures/nasional/NAS-SPBE-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-SPBE-02" yang muncul
    Dan temuan "NAS-SPBE-02" muncul pada path "spec.spbe_architecture_ref"
    Dan temuan "NAS-SPBE-02" berderajat "error"
    Dan pesan temuan "NAS-SPBE-02" menyebut "hardware"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pengadaan perangkat keras yang merujuk Arsitektur SPBE lolos (NAS-SPBE-02)
    Diketahui pengadaan "fixtures/nasional/NAS-SPBE-02.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Pengadaan perangkat lunak sistem tanpa rujukan arsitektur juga pengadaan infrastruktur (NAS-SPBE-02)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-DISKOMINFO-021
        title: Pengadaan Lisensi Sistem Operasi Server Pusat Data
        opd: Dinas Perhubungan
      spec:
        category: system_software
      """
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka temuan "NAS-SPBE-02" muncul pada path "spec.spbe_architecture_ref"
    Dan temuan "NAS-SPBE-02" menunjuk baris yang memuat "spec:"

  Skenario: Pengadaan aplikasi khusus bukan pengadaan infrastruktur (NAS-SPBE-02)
    Diketahui pengadaan "fixtures/nasional/NAS-PSE-02.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka temuan "NAS-SPBE-02" tidak muncul

  Skenario: Usulan dalam ranah Aplikasi SPBE Prioritas tanpa pemanfaatan maupun alasan hanya peringatan (NAS-SPBE-03)
    Diketahui usulan "fixtures/nasional/NAS-SPBE-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-SPBE-03" yang muncul
    Dan temuan "NAS-SPBE-03" muncul pada path "spec.planning.spbe_priority.use"
    Dan temuan "NAS-SPBE-03" berderajat "warning"
    Dan pesan temuan "NAS-SPBE-03" menyebut "education"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Alasan tidak memanfaatkan Aplikasi SPBE Prioritas juga diterima (NAS-SPBE-03)
    Diketahui usulan "fixtures/nasional/NAS-SPBE-03.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan

  Skenario: Usulan yang tidak menyatakan ranahnya ditanya (NAS-SPBE-03)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Proposal
      metadata:
        id: DISPORA-2026-002
        title: Aplikasi Peminjaman Gelanggang Olahraga
        opd: Dinas Pemuda dan Olahraga
      spec:
        planning:
          spbe_architecture_ref: Arsitektur SPBE Kota Medan 2025-2029
      """
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka temuan "NAS-SPBE-03" muncul pada path "spec.planning.spbe_priority.domain"
    Dan temuan "NAS-SPBE-03" menunjuk baris yang memuat "planning:"
    Dan jumlah temuan "NAS-SPBE-03" adalah 1
