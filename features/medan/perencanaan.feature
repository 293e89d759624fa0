# language: id
Fitur: Perencanaan kegiatan TIK
  Pengembangan smart city oleh dinas-dinas harus memperhatikan master plan, dokumen perencanaan
  atau kajian analisis; dapat melibatkan pihak lain berdasarkan peraturan yang berlaku; dan
  memperhatikan pendanaan, integrasi serta manajemen perubahan. Setiap aplikasi masuk ke salah
  satu dari tujuh dimensi Master Plan Smart City Kota Medan 2018.

  Skenario: Usulan tanpa rujukan master plan, dokumen perencanaan maupun kajian (MDN-RENC-01)
    Diketahui usulan "fixtures/medan/MDN-RENC-01.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RENC-01" yang muncul
    Dan temuan "MDN-RENC-01" muncul pada path "spec.planning"
    Dan temuan pada path "spec.planning" menunjuk baris yang memuat "planning:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Sistem tanpa dimensi smart city (MDN-RENC-02)
    Diketahui sistem "fixtures/medan/MDN-RENC-02.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RENC-02" yang muncul
    Dan temuan "MDN-RENC-02" muncul pada path "spec.dimensions"
    Dan temuan pada path "spec.dimensions" menunjuk baris yang memuat "dimensions: []"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Usulan tanpa sumber pendanaan (MDN-RENC-03)
    Diketahui usulan "fixtures/medan/MDN-RENC-03.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RENC-03" yang muncul
    Dan temuan "MDN-RENC-03" muncul pada path "spec.funding.source"
    Dan temuan pada path "spec.funding.source" menunjuk baris yang memuat "funding:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Pihak ketiga tanpa dasar perjanjian (MDN-RENC-04)
    Diketahui usulan "fixtures/medan/MDN-RENC-04.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RENC-04" yang muncul
    Dan temuan "MDN-RENC-04" muncul pada path "spec.third_parties[0].agreement_ref"
    Dan temuan pada path "spec.third_parties[0].agreement_ref" menunjuk baris yang memuat "agreement_ref:"
    Dan putusan dokumen adalah "non_compliant"
    Dan kode keluar adalah 1

  Skenario: Hanya pihak ketiga yang tanpa perjanjian yang dilaporkan, pada pengadaan juga (MDN-RENC-04)
    Diketahui dokumen berikut:
      """yaml
      apiVersion: patuh/v1
      kind: Procurement
      metadata:
        id: PBJ-2026-DLH-004
        title: Pengadaan Sensor Kualitas Udara
        opd: Dinas Lingkungan Hidup
      spec:
        category: hardware
        third_parties:
          - name: PT Udara Bersih Sumatera
            role: vendor
            agreement_ref: SPK/004/DLH/2026
          - name: CV Kalibrasi Medan
            role: vendor
      """
    Ketika patuh memeriksa dokumen itu
    Maka temuan "MDN-RENC-04" muncul pada path "spec.third_parties[1].agreement_ref"
    Dan jumlah temuan "MDN-RENC-04" adalah 1
    Dan temuan pada path "spec.third_parties[1].agreement_ref" menunjuk baris yang memuat "name: CV Kalibrasi Medan"

  Skenario: Usulan tanpa integrasi dan manajemen perubahan: satu peringatan per aspek (MDN-RENC-05)
    Diketahui usulan "fixtures/medan/MDN-RENC-05.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RENC-05" yang muncul
    Dan jumlah temuan "MDN-RENC-05" adalah 2
    Dan temuan "MDN-RENC-05" muncul pada path "spec.integration"
    Dan temuan "MDN-RENC-05" muncul pada path "spec.change_management"
    Dan temuan "MDN-RENC-05" berderajat "warning"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0

  Skenario: Entri integrasi yang tidak menyebut sistemnya tidak menyatakan apa pun (MDN-RENC-05)
    Diketahui usulan "fixtures/medan/MDN-RENC-05.integrasi-kosong.fail.yaml"
    Ketika patuh memeriksa dokumen itu
    Maka hanya temuan "MDN-RENC-05" yang muncul
    Dan jumlah temuan "MDN-RENC-05" adalah 1
    Dan temuan "MDN-RENC-05" muncul pada path "spec.integration[0].system"
    Dan temuan pada path "spec.integration[0].system" menunjuk baris yang memuat "- {}"
    Dan temuan "MDN-RENC-05" berderajat "warning"
    Tetapi putusan dokumen adalah "compliant"
    Dan kode keluar adalah 0
