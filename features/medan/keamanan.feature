# language: id
Fitur: Keamanan informasi
  Kebijakan TIK Pemkot Medan (bagian III.D): informasi harus memenuhi privasi, integritas,
  autentikasi, ketersediaan, riwayat kejadian (non-repudiation) dan pengendalian hak akses;
  diamankan dengan prosedur pengamanan, pengamanan jaringan (firewall, IDS, antivirus, VPN),
  pengamanan akses, autentikasi pengiriman data (enkripsi, certification authority, PKI),
  pengamanan dokumen dan pengamanan ruangan. Ketersediaan diperiksa oleh aturan SLA.

  Skenario: Data terbatas (confidential) disimpan tanpa enkripsi (MDN-KAM-01)
    Diketahui sistem "fixtures/medan/MDN-KAM-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-01" yang muncul
    Dan temuan "MDN-KAM-01" muncul pada path "spec.security.encryption.at_rest"
    Dan temuan pada path "spec.security.encryption.at_rest" menunjuk baris yang memuat "at_rest: false"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Klasifikasi data tidak dinyatakan (MDN-KAM-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SI-KEPEGAWAIAN
        title: Sistem Informasi Kepegawaian
        opd: Badan Kepegawaian dan Pengembangan Sumber Daya Manusia
      spec:
        security:
          personal_data: false
          encryption:
            at_rest: true
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KAM-01" muncul pada path "spec.security.data_classification"
    Dan temuan pada path "spec.security.data_classification" menunjuk baris yang memuat "security:"

  Skenario: Ada tidaknya data pribadi tidak dinyatakan (MDN-KAM-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SI-KEPEGAWAIAN
        title: Sistem Informasi Kepegawaian
        opd: Badan Kepegawaian dan Pengembangan Sumber Daya Manusia
      spec:
        security:
          data_classification: internal
          encryption:
            at_rest: false
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KAM-01" muncul pada path "spec.security.personal_data"
    Dan temuan pada path "spec.security.personal_data" menunjuk baris yang memuat "security:"
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Tanpa satu pun kendali integritas (MDN-KAM-02)
    Diketahui usulan "fixtures/medan/MDN-KAM-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-02" yang muncul
    Dan temuan "MDN-KAM-02" muncul pada path "spec.security.integrity"
    Dan temuan pada path "spec.security.integrity" menunjuk baris yang memuat "integrity:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Tanpa autentikasi (MDN-KAM-03)
    Diketahui sistem "fixtures/medan/MDN-KAM-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-03" yang muncul
    Dan temuan "MDN-KAM-03" muncul pada path "spec.security.authentication.method"
    Dan temuan pada path "spec.security.authentication.method" menunjuk baris yang memuat "method: none"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Log audit dimatikan, riwayat kejadian hilang (MDN-KAM-04)
    Diketahui usulan "fixtures/medan/MDN-KAM-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-04" yang muncul
    Dan temuan "MDN-KAM-04" muncul pada path "spec.security.audit_log.enabled"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Tanpa pengendalian hak akses (MDN-KAM-05)
    Diketahui sistem "fixtures/medan/MDN-KAM-05.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-05" yang muncul
    Dan temuan "MDN-KAM-05" muncul pada path "spec.security.access_control.model"
    Dan temuan pada path "spec.security.access_control.model" menunjuk baris yang memuat "model: none"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Data dikirim tanpa enkripsi dan tanpa otoritas sertifikat (MDN-KAM-06)
    Diketahui usulan "fixtures/medan/MDN-KAM-06.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-06" yang muncul
    Dan temuan "MDN-KAM-06" muncul pada path "spec.security.encryption.in_transit"
    Dan temuan pada path "spec.security.encryption.in_transit" menunjuk baris yang memuat "in_transit: none"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: TLS tanpa otoritas sertifikat sudah sarana autentikasi pengiriman data (MDN-KAM-06)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Proposal
      metadata:
        id: BAPPEDA-2026-005
        title: Aplikasi e-Musrenbang
        opd: Badan Perencanaan Pembangunan Daerah
      spec:
        security:
          encryption:
            in_transit: tls
            at_rest: true
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KAM-06" tidak muncul

  Skenario: Otoritas sertifikat tanpa enkripsi saat transmisi juga diterima, karena sumber hanya memberi contoh (MDN-KAM-06)
    Diketahui usulan "fixtures/medan/MDN-KAM-06.otoritas-sertifikat.pass.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Tanpa IDS dan VPN: satu peringatan per kendali (MDN-KAM-07)
    Diketahui sistem "fixtures/medan/MDN-KAM-07.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-07" yang muncul
    Dan jumlah temuan "MDN-KAM-07" adalah 2
    Dan temuan "MDN-KAM-07" muncul pada path "spec.security.network.ids"
    Dan temuan "MDN-KAM-07" muncul pada path "spec.security.network.vpn"
    Dan temuan pada path "spec.security.network.ids" menunjuk baris yang memuat "ids: false"
    Dan temuan pada path "spec.security.network.vpn" menunjuk baris yang memuat "vpn: false"
    Dan temuan "MDN-KAM-07" berderajat "warning"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Contoh SIMPUS tanpa IDS hanya mendapat peringatan (MDN-KAM-07)
    Diketahui sistem "fixtures/examples/sistem-simpus.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KAM-07" muncul pada path "spec.security.network.ids"
    Dan temuan "MDN-RWT-05" muncul pada path "spec.maintenance.physical_inspection"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Ruang server tanpa pengamanan ruangan (MDN-KAM-08)
    Diketahui usulan "fixtures/medan/MDN-KAM-08.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-08" yang muncul
    Dan temuan "MDN-KAM-08" muncul pada path "spec.security.physical.room_security"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Prosedur pengamanan tidak disebut (MDN-KAM-09)
    Diketahui sistem "fixtures/medan/MDN-KAM-09.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-09" yang muncul
    Dan temuan "MDN-KAM-09" muncul pada path "spec.security.procedures_ref"
    Dan temuan pada path "spec.security.procedures_ref" menunjuk baris yang memuat "security:"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Data pribadi dilindungi kata sandi saja, tanpa faktor kedua (MDN-KAM-10)
    Diketahui usulan "fixtures/medan/MDN-KAM-10.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KAM-10" yang muncul
    Dan temuan "MDN-KAM-10" muncul pada path "spec.security.authentication.method"
    Dan temuan "MDN-KAM-10" berderajat "warning"
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Peringatan kata sandi saja menggagalkan pemeriksaan bila --fail-on warning (MDN-KAM-10)
    Diketahui usulan "fixtures/medan/MDN-KAM-10.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan --fail-on "warning"
    Maka temuan "MDN-KAM-10" muncul pada path "spec.security.authentication.method"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1
