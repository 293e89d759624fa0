# language: id
Fitur: Koordinasi dengan Dinas Komunikasi dan Informatika
  Perwali Medan 28/2018 Pasal 5 ayat (2): dalam pembangunan dan pengembangan TIK di lingkungan
  Pemerintah Kota Medan, setiap OPD wajib berkoordinasi dengan Dinas Komunikasi dan Informatika.
  Penelaah Diskominfo memeriksa bahwa setiap usulan, pengadaan dan sistem mencatat nomor surat,
  tanggal dan hasil koordinasi itu. Diskominfo sendiri tidak berkoordinasi dengan dirinya.

  Skenario: Usulan tanpa catatan koordinasi dengan Diskominfo tidak patuh (MDN-KOOR-01)
    Diketahui usulan "fixtures/medan/MDN-KOOR-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KOOR-01" yang muncul
    Dan temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo"
    Dan temuan "MDN-KOOR-01" berderajat "error"
    Dan temuan pada path "spec.coordination.diskominfo" menunjuk baris yang memuat "spec:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Koordinasi tanpa nomor surat tidak dapat diverifikasi (MDN-KOOR-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SI-RETRIBUSI-PASAR
        title: Sistem Informasi Retribusi Pasar
        opd: Dinas Perdagangan
      spec:
        coordination:
          diskominfo:
            date: 2025-11-03
            status: recommended
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo.reference"
    Dan jumlah temuan "MDN-KOOR-01" adalah 1
    Dan temuan pada path "spec.coordination.diskominfo.reference" menunjuk baris yang memuat "diskominfo:"
    Dan temuan "MDN-KOOR-02" tidak muncul
    Dan temuan "MDN-KOOR-03" tidak muncul
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Koordinasi bertanggal sesudah hari pemeriksaan belum terjadi (MDN-KOOR-01)
    Diketahui sistem "fixtures/medan/MDN-KOOR-01.sesudah-tanggal-periksa.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KOOR-01" yang muncul
    Dan temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo.date"
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Koordinasi tanpa hasil koordinasi tidak lengkap (MDN-KOOR-01)
    Diketahui usulan "fixtures/medan/MDN-KOOR-01.tanpa-status.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KOOR-01" yang muncul
    Dan jumlah temuan "MDN-KOOR-01" adalah 1
    Dan temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo.status"
    Dan temuan pada path "spec.coordination.diskominfo.status" menunjuk baris yang memuat "diskominfo:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Koordinasi bertanggal sesudah dokumen diajukan tidak menjadi dasarnya (MDN-KOOR-01)
    Diketahui usulan "fixtures/medan/MDN-KOOR-01.sesudah-pengajuan.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KOOR-01" yang muncul
    Dan jumlah temuan "MDN-KOOR-01" adalah 1
    Dan temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo.date"
    Dan temuan pada path "spec.coordination.diskominfo.date" menunjuk baris yang memuat "date: 2026-02-10"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pengadaan yang ditolak Diskominfo tidak patuh (MDN-KOOR-02)
    Diketahui pengadaan "fixtures/medan/MDN-KOOR-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KOOR-02" yang muncul
    Dan temuan "MDN-KOOR-02" muncul pada path "spec.coordination.diskominfo.status"
    Dan temuan pada path "spec.coordination.diskominfo.status" menunjuk baris yang memuat "status: rejected"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Koordinasi yang menunggu rekomendasi hanya peringatan (MDN-KOOR-03)
    Diketahui sistem "fixtures/medan/MDN-KOOR-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-KOOR-03" yang muncul
    Dan temuan "MDN-KOOR-03" muncul pada path "spec.coordination.diskominfo.status"
    Dan temuan "MDN-KOOR-03" berderajat "warning"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Peringatan koordinasi menggagalkan pemeriksaan bila --fail-on warning (MDN-KOOR-03)
    Diketahui sistem "fixtures/medan/MDN-KOOR-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan --fail-on "warning"
    Maka temuan "MDN-KOOR-03" muncul pada path "spec.coordination.diskominfo.status"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Temuan yang sama dapat dilaporkan dalam bahasa Inggris (MDN-KOOR-01)
    Diketahui usulan "fixtures/medan/MDN-KOOR-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu dalam bahasa "en"
    Maka temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo"
    Dan pesan temuan "MDN-KOOR-01" menyebut "coordination"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Diskominfo tidak berkoordinasi dengan dirinya sendiri, apa pun penulisan namanya
    Diketahui usulan "fixtures/medan/MDN-KOOR-01.pass.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Diskominfo dengan nama lengkapnya, "Kota Medan" dan spasi ganda, tetap Diskominfo
    Diketahui usulan "fixtures/medan/MDN-KOOR-01.nama-lengkap.pass.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka tidak ada temuan
    Dan putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Garis-Besar Skenario: Sistem milik Diskominfo tidak berkoordinasi dengan dirinya sendiri
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SI-DISKOMINFO-01
        title: Portal Data Terbuka Kota Medan
        opd: <nama>
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KOOR-01" tidak muncul

    Contoh:
      | nama                                          |
      | Diskominfo Kota Medan                         |
      | Dinas Komunikasi dan Informatika Kota Medan   |
      | "  dinas kominfo   kota medan "               |

  Skenario: Dinas lain di Kota Medan tetap wajib berkoordinasi (MDN-KOOR-01)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: System
      metadata:
        id: SI-DINKES-01
        title: Sistem Informasi Puskesmas
        opd: Dinas Kesehatan Kota Medan
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-KOOR-01" muncul pada path "spec.coordination.diskominfo"
    Dan putusan dokumen adalah "non_compliant"

  Skenario: Satu berkas, dua dokumen: sistem Dinas Perhubungan dan usulan Diskominfo sendiri
    Diketahui berkas "fixtures/examples/sistem-dan-usulan-lain.yaml"
    Ketika patuh memeriksa berkas itu
    Maka dokumen "DISKOMINFO-2026-003" tidak memiliki temuan
    Dan dokumen "DISKOMINFO-2026-003" berputusan "compliant"
    Dan dokumen "ATCS-MEDAN" memiliki temuan "MDN-HOST-01" pada path "spec.hosting.location"
    Dan dokumen "ATCS-MEDAN" berputusan "non_compliant"
    Dan temuan "MDN-KOOR-01" tidak muncul
    Dan kode keluar adalah 1

  Skenario: Surat koordinasi bernomor desk yang diterbitkan untuk OPD lain (MDN-KOOR-04)
    Diketahui pengadaan "fixtures/medan/MDN-KOOR-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu dengan register "fixtures/register.json"
    Maka hanya temuan "MDN-KOOR-04" yang muncul
    Dan temuan "MDN-KOOR-04" muncul pada path "spec.coordination.diskominfo.reference"
    Dan pesan temuan "MDN-KOOR-04" menyebut "555/143/Diskominfo/2026"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Surat koordinasi yang tercatat sah di register untuk OPD yang sama (MDN-KOOR-04)
    Diketahui pengadaan "fixtures/medan/MDN-KOOR-04.pass.yaml"
    Ketika patuh memeriksa dokumen itu dengan register "fixtures/register.json"
    Maka tidak ada temuan
    Dan tidak ada pemberitahuan
    Dan kode keluar adalah 0
