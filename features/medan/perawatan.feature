# language: id
Fitur: Perawatan sistem TIK
  Kebijakan TIK Pemkot Medan (bagian III.D): perawatan dilakukan sendiri oleh satuan pelaksana
  teknis; kerusakan yang tidak mampu ditangani dirawat oleh pihak luar dengan kontrak kerja.
  Perawatan memerlukan manual dan prosedur penggunaan, prosedur penanganan gangguan, pemindaian
  virus dan spyware secara berkala, serta pemeriksaan kondisi fisik perangkat keras dan jaringan.

  Skenario: Perawatan oleh pihak luar tanpa nomor kontrak (MDN-RWT-01)
    Diketahui pengadaan "fixtures/medan/MDN-RWT-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RWT-01" yang muncul
    Dan temuan "MDN-RWT-01" muncul pada path "spec.maintenance.contract_ref"
    Dan temuan pada path "spec.maintenance.contract_ref" menunjuk baris yang memuat "contract_ref:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Sistem tanpa manual penggunaan (MDN-RWT-02)
    Diketahui sistem "fixtures/medan/MDN-RWT-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RWT-02" yang muncul
    Dan temuan "MDN-RWT-02" muncul pada path "spec.maintenance.manuals"
    Dan temuan "MDN-RWT-02" berderajat "warning"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Usulan tanpa prosedur penanganan gangguan (MDN-RWT-03)
    Diketahui usulan "fixtures/medan/MDN-RWT-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RWT-03" yang muncul
    Dan temuan "MDN-RWT-03" muncul pada path "spec.maintenance.troubleshooting_procedure"
    Dan temuan pada path "spec.maintenance.troubleshooting_procedure" menunjuk baris yang memuat "maintenance:"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Sistem yang tidak pernah dipindai virus dan spyware (MDN-RWT-04)
    Diketahui sistem "fixtures/medan/MDN-RWT-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RWT-04" yang muncul
    Dan temuan "MDN-RWT-04" muncul pada path "spec.maintenance.malware_scan"
    Dan temuan pada path "spec.maintenance.malware_scan" menunjuk baris yang memuat "malware_scan: never"
    Dan kode keluar adalah 0

  Skenario: Peringatan perawatan menggagalkan pemeriksaan bila --fail-on warning (MDN-RWT-04)
    Diketahui sistem "fixtures/medan/MDN-RWT-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan --fail-on "warning"
    Maka temuan "MDN-RWT-04" muncul pada path "spec.maintenance.malware_scan"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Usulan tanpa jadwal pemeriksaan fisik perangkat (MDN-RWT-05)
    Diketahui usulan "fixtures/medan/MDN-RWT-05.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RWT-05" yang muncul
    Dan temuan "MDN-RWT-05" muncul pada path "spec.maintenance.physical_inspection"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0
