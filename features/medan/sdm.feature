# language: id
Fitur: Sumber daya manusia dan organisasi pelaksana
  Hambatan utama smart city Kota Medan adalah infrastruktur yang belum merata dan
  ketidaksiapan sumber daya manusia; obatnya bimbingan teknis (bimtek) dan pelatihan.
  Unit pelaksana menyampaikan laporan berkala tepat waktu, dan menurut Perwali 28/2018
  Pasal 11 ayat (2) organisasi pelaksana smart city ditetapkan melalui keputusan Wali Kota.

  Skenario: Usulan tanpa rencana bimtek bagi operator dan pengguna (MDN-SDM-01)
    Diketahui usulan "fixtures/medan/MDN-SDM-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-SDM-01" yang muncul
    Dan temuan "MDN-SDM-01" muncul pada path "spec.human_resources.training_plan"
    Dan temuan pada path "spec.human_resources.training_plan" menunjuk baris yang memuat "training_plan:"
    Dan temuan "MDN-SDM-01" berderajat "warning"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Sistem tanpa laporan berkala (MDN-ORG-01)
    Diketahui sistem "fixtures/medan/MDN-ORG-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-ORG-01" yang muncul
    Dan temuan "MDN-ORG-01" muncul pada path "spec.operations.periodic_report"
    Dan temuan pada path "spec.operations.periodic_report" menunjuk baris yang memuat "operations:"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Unit pelaksana tanpa keputusan Wali Kota (MDN-ORG-02)
    Diketahui sistem "fixtures/medan/MDN-ORG-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-ORG-02" yang muncul
    Dan temuan "MDN-ORG-02" muncul pada path "spec.operations.decree_ref"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Peringatan organisasi menggagalkan pemeriksaan bila --fail-on warning (MDN-ORG-02)
    Diketahui sistem "fixtures/medan/MDN-ORG-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan --fail-on "warning"
    Maka temuan "MDN-ORG-02" muncul pada path "spec.operations.decree_ref"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Laporan berkala dan keputusan Wali Kota tidak diminta dari usulan
    Diketahui usulan "fixtures/examples/usulan-telemedicine.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-ORG-01" tidak muncul
    Dan temuan "MDN-ORG-02" tidak muncul
    Dan tidak ada temuan
