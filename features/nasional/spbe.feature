# language: id
Fitur: Arsitektur SPBE (paket nasional, Perpres 132/2022)
  Arsitektur SPBE Pemerintah Daerah menjadi dasar dalam penyiapan dan pengembangan layanan SPBE:
  setiap usulan merujuk arsitektur itu.

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
