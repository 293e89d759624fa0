# language: id
Fitur: Masukan yang tidak dapat diperiksa
  Dokumen yang tidak dapat dibaca atau tidak sesuai skema v1 tidak pernah dianggap patuh:
  patuh menolaknya dengan putusan invalid dan kode keluar 2, menyebut baris dan apa yang
  diharapkan, tanpa traceback. Temuan YAML berarti berkas tidak dapat dibaca; temuan SCHEMA
  berarti isinya tidak sesuai skema.

  Skenario: Salah ketik nama bagian disarankan perbaikannya
    Diketahui berkas "fixtures/invalid/unknown-field.yaml"
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "SCHEMA"
    Dan temuan "SCHEMA" menunjuk baris yang memuat "coordinaton:"
    Dan pesan temuan "SCHEMA" menyebut "coordination"
    Dan kode keluar adalah 2

  Skenario: Nilai di luar pilihan yang dikenal disebut bersama pilihan yang sah
    Diketahui berkas "fixtures/invalid/wrong-enum.yaml"
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "SCHEMA"
    Dan temuan "SCHEMA" menunjuk baris yang memuat "location: awan_publik"
    Dan pesan temuan "SCHEMA" menyebut "diskominfo_datacenter"
    Dan kode keluar adalah 2

  Skenario: "yes" bukan boolean; hanya true dan false
    Diketahui berkas "fixtures/invalid/yes-no-boolean.yaml"
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "SCHEMA"
    Dan temuan "SCHEMA" menunjuk baris yang memuat "redundancy: yes"
    Dan kode keluar adalah 2

  Skenario: Bom alias ditolak tanpa diuraikan
    Diketahui berkas "fixtures/invalid/alias-bomb.yaml"
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "YAML"
    Dan temuan "YAML" menunjuk baris yang memuat "*a0"
    Dan keluaran tidak memuat "Traceback"
    Dan kode keluar adalah 2

  Skenario: Kunci ganda ditolak pada kemunculan keduanya
    Diketahui berkas "fixtures/invalid/duplicate-key.yaml"
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "YAML"
    Dan temuan "YAML" menunjuk baris yang memuat "hosting:"
    Dan kode keluar adalah 2

  Skenario: Dokumen tidak valid di samping dokumen yang patuh tetap menggagalkan pemeriksaan
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Proposal
      metadata:
        id: DISKOMINFO-2026-010
        title: Usulan yang sesuai skema
        opd: Diskominfo
      spec:
        summary: Dokumen pertama sesuai skema; dokumen kedua tidak.
      ---
      apiVersion: patuh/v1
      kind: System
      metadata:
        title: Sistem tanpa id
        opd: Dinas Perhubungan
      """
    Ketika patuh memeriksa berkas itu
    Maka temuan "SCHEMA" muncul pada path "metadata.id"
    Dan dokumen "DISKOMINFO-2026-010" berputusan "non_compliant"
    Dan kode keluar adalah 2

  Garis-Besar Skenario: Berkas yang harus ditolak: <berkas>
    Diketahui berkas "fixtures/invalid/<berkas>"
    Ketika patuh memeriksa berkas itu
    Maka dokumen ditolak dengan temuan "<temuan>"
    Dan keluaran tidak memuat "Traceback"
    Dan kode keluar adalah 2

    Contoh:
      | berkas                    | temuan | sebab                                       |
      | malformed.yaml            | YAML   | kurung siku tidak ditutup                   |
      | duplicate-key.yaml        | YAML   | kunci hosting ditulis dua kali              |
      | unknown-field.yaml        | SCHEMA | salah ketik coordinaton                     |
      | wrong-enum.yaml           | SCHEMA | hosting.location awan_publik                |
      | alias-bomb.yaml           | YAML   | bom alias 10 tingkat                        |
      | not-patuh.yaml            | SCHEMA | berkas docker-compose                       |
      | wrong-kind.yaml           | SCHEMA | kind Policy                                 |
      | missing-id.yaml           | SCHEMA | metadata.id tidak ada                       |
      | yes-no-boolean.yaml       | SCHEMA | redundancy: yes                             |
      | percent-out-of-range.yaml | SCHEMA | availability_percent 140                    |
