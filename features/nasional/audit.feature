# language: id
Fitur: Audit TIK (paket nasional, Permenkominfo 16/2022)
  Audit TIK dilaksanakan paling sedikit sekali dalam dua tahun oleh lembaga pelaksana audit TIK
  terakreditasi dan terdaftar. Dua tahun dihitung mundur dari tanggal pemeriksaan (PATUH_RUN_DATE
  atau --run-date; skenario ini diperiksa pada 2026-06-30), yang dicatat dalam laporan.

  Skenario: Sistem dalam inventaris yang audit terakhirnya tiga tahun lalu (NAS-AUD-01)
    Diketahui sistem "fixtures/nasional/NAS-AUD-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-AUD-01" yang muncul
    Dan temuan "NAS-AUD-01" muncul pada path "spec.audit.last_date"
    Dan temuan "NAS-AUD-01" menunjuk baris yang memuat "last_date: 2023-06-15"
    Dan pesan temuan "NAS-AUD-01" menyebut "2026-06-30"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Sistem yang diaudit kurang dari dua tahun lalu lolos (NAS-AUD-01)
    Diketahui sistem "fixtures/nasional/NAS-AUD-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"

  Skenario: Pelaksana audit tanpa nomor registrasi lembaga terakreditasi (NAS-AUD-02)
    Diketahui sistem "fixtures/nasional/NAS-AUD-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-AUD-02" yang muncul
    Dan temuan "NAS-AUD-02" berderajat "warning"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0
