# language: id
Fitur: Penyelenggaraan sistem elektronik lingkup publik (paket nasional, PP 71/2019)
  Setiap OPD adalah Penyelenggara Sistem Elektronik Lingkup Publik (PP 71/2019 Pasal 2 ayat (3)):
  sistem dan data dikelola dan disimpan di Indonesia, kode sumber dan dokumentasi perangkat lunak
  khusus diserahkan dan disimpan, ada rencana keberlangsungan kegiatan, pendaftaran, rekam jejak
  audit, perjanjian tingkat layanan dan keamanan informasi, klasifikasi data bila memakai pihak
  ketiga, dan Uji Kelaikan. Aturan ini hanya diperiksa bila paket nasional dipilih.

  Skenario: Sistem yang ditempatkan di cloud luar negeri tidak patuh (NAS-PSE-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SIPARKIR
        title: Sistem Informasi Parkir Elektronik
        opd: Dinas Perhubungan
      spec:
        hosting:
          location: public_cloud
          country: SG
          provider: PT Awan Global
        security:
          data_classification: internal
      """
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka temuan "NAS-PSE-01" muncul pada path "spec.hosting.country"
    Dan temuan "NAS-PSE-01" menunjuk baris yang memuat "country: SG"
    Dan temuan "NAS-PSE-01" berderajat "error"
    Dan temuan "NAS-PSE-08" tidak muncul
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Sistem di cloud luar negeri diperiksa dengan paket medan saja (NAS-PSE-01)
    Diketahui sistem "fixtures/nasional/NAS-PSE-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "medan"
    Maka temuan "NAS-PSE-01" tidak muncul
    Dan temuan "MDN-HOST-01" muncul pada path "spec.hosting.location"

  Skenario: Sistem di cloud dalam negeri lolos (NAS-PSE-01)
    Diketahui sistem "fixtures/nasional/NAS-PSE-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"

  Skenario: Perangkat lunak khusus yang kontraknya menyerahkan kode sumber tanpa dokumentasi (NAS-PSE-02)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-DISHUB-004
        title: Pengadaan Aplikasi Khusus Manajemen Terminal
        opd: Dinas Perhubungan
      spec:
        category: special_application_software
        deliverables:
          source_code:
            handover: true
            storage: agency
        agreements:
          sla_ref: SLA/004/DISHUB/2026
          information_security_ref: PKI/004/DISHUB/2026
      """
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-02" yang muncul
    Dan temuan "NAS-PSE-02" muncul pada path "spec.deliverables.documentation"
    Dan jumlah temuan "NAS-PSE-02" adalah 1
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Dokumentasi yang disebut sebagai bagian kode sumber yang diserahkan sudah cukup (NAS-PSE-02, MDN-PBJ-05)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-DISHUB-005
        title: Pengadaan Aplikasi Khusus Manajemen Terminal
        opd: Dinas Perhubungan
      spec:
        category: special_application_software
        deliverables:
          source_code:
            handover: true
            includes: [source, build_scripts, documentation]
            storage: agency
        agreements:
          sla_ref: SLA/005/DISHUB/2026
          information_security_ref: PKI/005/DISHUB/2026
      """
    Ketika patuh memeriksa dokumen itu dengan paket "medan,nasional"
    Maka temuan "NAS-PSE-02" tidak muncul
    Dan temuan "MDN-PBJ-05" tidak muncul

  Skenario: Pengadaan aplikasi khusus tanpa tempat penyimpanan kode sumber (NAS-PSE-03)
    Diketahui pengadaan "fixtures/nasional/NAS-PSE-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-03" yang muncul
    Dan temuan "NAS-PSE-03" muncul pada path "spec.deliverables.source_code.storage"

  Skenario: Sistem yang kode sumbernya disimpan pihak ketiga terpercaya, karena sarana instansi belum tersedia, lolos (NAS-PSE-03)
    Diketahui sistem "fixtures/nasional/NAS-PSE-03.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan

  Skenario: Penyimpanan pada pihak ketiga tanpa alasan tidak patuh (NAS-PSE-03)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-DISHUB-006
        title: Pengadaan Aplikasi Khusus Manajemen Terminal
        opd: Dinas Perhubungan
      spec:
        category: special_application_software
        deliverables:
          source_code:
            handover: true
            storage: escrow
          documentation: [user_manual]
        agreements:
          sla_ref: SLA/006/DISHUB/2026
          information_security_ref: PKI/006/DISHUB/2026
      """
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-03" yang muncul
    Dan temuan "NAS-PSE-03" muncul pada path "spec.deliverables.source_code.escrow_reason"
    Dan temuan "NAS-PSE-03" menunjuk baris yang memuat "source_code:"

  Skenario: Usulan tanpa rencana keberlangsungan kegiatan (NAS-PSE-04)
    Diketahui usulan "fixtures/nasional/NAS-PSE-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-04" yang muncul
    Dan temuan "NAS-PSE-04" muncul pada path "spec.sla.continuity_plan_ref"
    Dan pesan temuan "NAS-PSE-04" menyebut "Rencana pemulihan bencana saja belum memenuhinya"

  Skenario: Sistem tanpa nomor pendaftaran (NAS-PSE-05)
    Diketahui sistem "fixtures/nasional/NAS-PSE-05.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-05" yang muncul
    Dan temuan "NAS-PSE-05" muncul pada path "spec.registration.number"

  Skenario: Sistem berjalan yang "terdaftar" sesudah tanggal periksa (NAS-PSE-05)
    Diketahui sistem "fixtures/nasional/NAS-PSE-05.sesudah-tanggal-periksa.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-05" yang muncul
    Dan temuan "NAS-PSE-05" muncul pada path "spec.registration.date"
    Dan temuan pada path "spec.registration.date" menunjuk baris yang memuat "date: 2027-01-15"

  Skenario: Usulan tanpa rekam jejak audit (NAS-PSE-06)
    Diketahui usulan "fixtures/nasional/NAS-PSE-06.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "medan,nasional"
    Maka temuan "NAS-PSE-06" muncul pada path "spec.security.audit_log.enabled"
    Dan temuan "NAS-PSE-06" berderajat "error"

  Skenario: Pengadaan jasa TI tanpa perjanjian keamanan informasi (NAS-PSE-07)
    Diketahui pengadaan "fixtures/nasional/NAS-PSE-07.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-07" yang muncul
    Dan temuan "NAS-PSE-07" muncul pada path "spec.agreements.information_security_ref"

  Skenario: Pengadaan perangkat keras yang dirawat sendiri tidak memerlukan perjanjian layanan TI (NAS-PSE-07)
    Diketahui pengadaan "fixtures/nasional/NAS-PSE-07.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka tidak ada temuan

  Skenario: Perangkat keras yang dibeli bersama jasa perawatan berdasarkan kontrak memerlukannya (NAS-PSE-07)
    Diketahui pengadaan "fixtures/nasional/NAS-PSE-07.perawatan-kontrak.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-07" yang muncul
    Dan temuan "NAS-PSE-07" muncul pada path "spec.agreements.sla_ref"
    Dan temuan "NAS-PSE-07" muncul pada path "spec.agreements.information_security_ref"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Usulan dengan layanan pihak ketiga tanpa klasifikasi data (NAS-PSE-08)
    Diketahui usulan "fixtures/nasional/NAS-PSE-08.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-08" yang muncul
    Dan pesan temuan "NAS-PSE-08" menyebut "PT Awan Nusantara"

  Skenario: Usulan yang dikembangkan pihak ketiga tanpa klasifikasi data (NAS-PSE-08)
    Diketahui usulan "fixtures/nasional/NAS-PSE-08.pengembang.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-08" yang muncul
    Dan temuan "NAS-PSE-08" muncul pada path "spec.security.data_classification"
    Dan pesan temuan "NAS-PSE-08" menyebut "PT Sumatera Solusi Digital"
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Sistem yang dirawat pihak luar berdasarkan kontrak tanpa klasifikasi data (NAS-PSE-08)
    Diketahui sistem "fixtures/nasional/NAS-PSE-08.perawatan-kontrak.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-08" yang muncul
    Dan pesan temuan "NAS-PSE-08" menyebut "SPK/044/BAPENDA/2026"
    Dan kode keluar adalah 1

  Skenario: Sistem tanpa Uji Kelaikan (NAS-PSE-09)
    Diketahui sistem "fixtures/nasional/NAS-PSE-09.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan paket "nasional"
    Maka hanya temuan "NAS-PSE-09" yang muncul
    Dan jumlah temuan "NAS-PSE-09" adalah 2
