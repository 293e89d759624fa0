# language: id
Fitur: Arsitektur SPBE (paket nasional, Perpres 132/2022)
  Arsitektur SPBE Pemerintah Daerah menjadi dasar dalam penyiapan dan pengembangan layanan SPBE:
  setiap usulan merujuk arsitektur itu. Pembangunan dan pengembangan infrastruktur SPBE harus
  didasarkan pada arsitektur itu: setiap pengadaan infrastruktur (perangkat keras, perangkat lunak
  sistem) merujuknya.

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
