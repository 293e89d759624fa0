# language: id
Fitur: Server di pusat data Diskominfo
  Sesuai arahan Kementerian Kominfo, sejak Juni 2018 seluruh server yang tersebar di beberapa
  OPD telah disatukan di Dinas Kominfo Kota Medan. Server di tempat lain hanya boleh dengan
  pengecualian (waiver) yang disetujui.

  Skenario: Sistem yang servernya masih di ruang server OPD tidak patuh (MDN-HOST-01)
    Diketahui sistem "fixtures/medan/MDN-HOST-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-HOST-01" yang muncul
    Dan temuan "MDN-HOST-01" muncul pada path "spec.hosting.location"
    Dan temuan pada path "spec.hosting.location" menunjuk baris yang memuat "location: opd_server_room"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Usulan yang menempatkan server di cloud publik (MDN-HOST-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Proposal
      metadata:
        id: DISPAR-2026-002
        title: Aplikasi Informasi Wisata Kota Medan
        opd: Dinas Kebudayaan dan Pariwisata
      spec:
        hosting:
          location: public_cloud
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-HOST-01" muncul pada path "spec.hosting.location"
    Dan temuan "MDN-HOST-01" berderajat "error"
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Usulan tanpa lokasi server sama sekali (MDN-HOST-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Proposal
      metadata:
        id: DISPAR-2026-003
        title: Aplikasi Kalender Acara Budaya
        opd: Dinas Kebudayaan dan Pariwisata
      spec:
        summary: Kalender acara budaya di Kota Medan.
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-HOST-01" muncul pada path "spec.hosting.location"
    Dan temuan pada path "spec.hosting.location" menunjuk baris yang memuat "spec:"

  Skenario: Usulan dengan server di pusat data Diskominfo lolos (MDN-HOST-01)
    Diketahui usulan "fixtures/medan/MDN-HOST-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0
