# language: id
Fitur: Pengecualian yang disetujui
  Pengecualian (waiver) dibaca hanya dari berkas yang disebut dengan --waivers (atau
  PATUH_WAIVERS), tidak pernah dari samping dokumen yang diperiksa. Setiap pengecualian
  menyebut aturan, jenis (kind) dan id dokumen, alasan, penyetuju, nomor surat keputusan
  dan tanggal berakhirnya. Temuan yang dikecualikan tetap tampil dalam laporan tetapi tidak dihitung;
  pengecualian yang kedaluwarsa tidak diterapkan dan diberitahukan, demikian pula
  pengecualian yang tidak mencakup temuan apa pun.

  Skenario: Pengecualian yang berlaku membuat dokumen patuh dan tetap tampil di laporan
    Diketahui berkas "fixtures/medan/MDN-KOOR-01.fail.yaml"
    Dan pengecualian berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Waivers
      waivers:
        - rule: MDN-KOOR-01
          kind: Proposal
          document: UJI-KOOR-01-GAGAL
          justification: Koordinasi sudah dibahas dalam rapat; surat rekomendasi menyusul.
          approved_by: Kepala Dinas Komunikasi dan Informatika Kota Medan
          reference: 555/321/Diskominfo/2026
          expires: 2099-12-31
      """
    Ketika patuh memeriksa berkas itu dengan pengecualian itu
    Maka temuan "MDN-KOOR-01" dikecualikan dengan rujukan "555/321/Diskominfo/2026"
    Dan putusan dokumen adalah "compliant"
    Dan tidak ada pemberitahuan
    Dan kode keluar adalah 0

  Skenario: Pengecualian yang kedaluwarsa tidak diterapkan
    Diketahui berkas "fixtures/medan/MDN-KOOR-01.fail.yaml"
    Dan pengecualian berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Waivers
      waivers:
        - rule: MDN-KOOR-01
          kind: Proposal
          document: UJI-KOOR-01-*
          justification: Pengecualian tahun anggaran 2020.
          approved_by: Kepala Dinas Komunikasi dan Informatika Kota Medan
          reference: 555/017/Diskominfo/2020
          expires: 2020-12-31
      """
    Ketika patuh memeriksa berkas itu dengan pengecualian itu
    Maka temuan "MDN-KOOR-01" tidak dikecualikan
    Dan putusan dokumen adalah "non_compliant"
    Dan ada pemberitahuan "notice.waiver_expired" untuk "555/017/Diskominfo/2020"
    Dan kode keluar adalah 1

  Skenario: Pengecualian yang tidak mencakup temuan apa pun diberitahukan
    Diketahui berkas "fixtures/medan/MDN-KOOR-01.fail.yaml"
    Dan pengecualian berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Waivers
      waivers:
        - rule: MDN-SLA-01
          kind: Proposal
          document: UJI-KOOR-01-GAGAL
          justification: Ketersediaan 98 persen cukup untuk masa uji coba.
          approved_by: Kepala Dinas Komunikasi dan Informatika Kota Medan
          reference: 555/400/Diskominfo/2026
          expires: 2099-12-31
      """
    Ketika patuh memeriksa berkas itu dengan pengecualian itu
    Maka temuan "MDN-KOOR-01" tidak dikecualikan
    Dan ada pemberitahuan "notice.waiver_unused" untuk "555/400/Diskominfo/2026"
    Dan kode keluar adalah 1

  Skenario: Berkas pengecualian di antara dokumen yang diperiksa tidak berlaku
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Waivers
      waivers:
        - rule: MDN-KOOR-01
          kind: Proposal
          document: UJI-KOOR-01-GAGAL
          justification: OPD mengecualikan usulannya sendiri.
          approved_by: Kepala OPD pengusul
          reference: 000/000/OPD/2026
          expires: 2099-12-31
      """
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "SCHEMA"
    Dan pesan temuan "SCHEMA" menyebut "--waivers"
    Dan kode keluar adalah 2
